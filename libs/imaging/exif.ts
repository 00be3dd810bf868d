const GPS_IFD_POINTER = 0x8825;

/**
 * Whether an EXIF block (as sharp's metadata().exif returns it, with or without the "Exif\0\0" prefix)
 * has a GPS IFD with at least one entry. Reads only IFD0's directory, so malformed data yields false.
 */
export function exifHasGps(exif: Buffer | undefined): boolean {
  if (!exif) return false;
  const tiff = exif.subarray(0, 6).toString('latin1') === 'Exif\0\0' ? exif.subarray(6) : exif;
  if (tiff.length < 8) return false;
  const order = tiff.toString('latin1', 0, 2);
  if (order !== 'II' && order !== 'MM') return false;
  const little = order === 'II';
  const u16 = (offset: number) => (little ? tiff.readUInt16LE(offset) : tiff.readUInt16BE(offset));
  const u32 = (offset: number) => (little ? tiff.readUInt32LE(offset) : tiff.readUInt32BE(offset));
  const ifd0 = u32(4);
  if (ifd0 + 2 > tiff.length) return false;
  const count = u16(ifd0);
  for (let i = 0; i < count; i++) {
    const entry = ifd0 + 2 + i * 12;
    if (entry + 12 > tiff.length) return false;
    if (u16(entry) !== GPS_IFD_POINTER) continue;
    const gps = u32(entry + 8);
    return gps + 2 <= tiff.length && u16(gps) > 0;
  }
  return false;
}
