// Big photos are shrunk in the browser before they are sent: less upload time on a phone, and the dataset
// does not need more than this many pixels on the long side.
export const MAX_SIDE = 4096;

// GIFs may be animated and TIFFs do not decode in browsers: those go as they are.
const RESIZABLE = /^image\/(jpeg|png|webp|avif|bmp)$/;

/** {file, resized, width, height, from}: the file itself, or a re-encoded copy no larger than maxSide. */
export async function downscale(file, maxSide = MAX_SIDE) {
  if (!RESIZABLE.test(file.type)) return { file, resized: false };
  let bitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  } catch {
    return { file, resized: false }; // let the server judge a file the browser cannot decode
  }
  const { width, height } = bitmap;
  if (Math.max(width, height) <= maxSide) {
    bitmap.close();
    return { file, resized: false, width, height };
  }
  const scale = maxSide / Math.max(width, height);
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(width * scale));
  canvas.height = Math.max(1, Math.round(height * scale));
  const context = canvas.getContext('2d');
  context.imageSmoothingQuality = 'high';
  context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  // JPEG stays JPEG; anything that may have transparency becomes WebP, which keeps it.
  const type = file.type === 'image/jpeg' ? 'image/jpeg' : 'image/webp';
  const blob = await new Promise((resolve) => canvas.toBlob(resolve, type, 0.9));
  if (!blob) return { file, resized: false, width, height };
  const name = `${file.name.replace(/\.[^.]*$/, '')}.${type === 'image/jpeg' ? 'jpg' : 'webp'}`;
  return { file: new File([blob], name, { type }), resized: true, width: canvas.width, height: canvas.height, from: { width, height } };
}
