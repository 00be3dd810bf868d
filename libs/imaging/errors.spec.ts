import { fromSharpError, ImagingError, isImagingError, megapixels, tooManyPixels } from './errors.js';

describe('ImagingError', () => {
  it('maps sharp/libvips messages to codes', () => {
    const cases: [string, string][] = [
      ['Input image exceeds pixel limit', 'too_many_pixels'],
      ['timeout: 100% complete\nVipsImage: killed for image "temp-19"\nwebpsave: unable to encode', 'timeout'],
      ['Input buffer contains unsupported image format', 'unsupported_type'],
      ['VipsJpeg: premature end of JPEG image', 'truncated'],
      ['gifload_buffer: Unexpected end of GIF source data', 'truncated'],
      ['vipspng: libpng read error', 'undecodable'],
      ['Input buffer has corrupt header: VipsJpeg: JPEG datastream contains no image', 'undecodable'],
    ];
    for (const [message, code] of cases) expect([message, fromSharpError(new Error(message)).code]).toEqual([message, code]);
    expect(fromSharpError(new Error('vipspng: libpng read error'), true).code).toBe('truncated');
  });

  it('keeps messages short and without the sharp prefix, and passes ImagingErrors through', () => {
    const error = fromSharpError(new Error('Input buffer has corrupt header: VipsJpeg: JPEG datastream contains no image\nmore'));
    expect(error.message).toBe('image could not be decoded (VipsJpeg: JPEG datastream contains no image)');
    expect(error.cause).toBeInstanceOf(Error);
    const own = new ImagingError('truncated', 'x');
    expect(fromSharpError(own)).toBe(own);
    expect(isImagingError(own, 'truncated')).toBe(true);
    expect(isImagingError(own, 'undecodable')).toBe(false);
    expect(isImagingError(new Error('x'))).toBe(false);
  });

  it('words the pixel budget for people', () => {
    expect(tooManyPixels(40000, 40000, 1, 100_000_000).message).toBe('image is 40000×40000 = 1600 megapixels, over the 100 megapixel limit');
    expect(tooManyPixels(3000, 2000, 30, 100_000_000).message).toBe('image is 3000×2000 × 30 frames = 180 megapixels, over the 100 megapixel limit');
    expect(megapixels(2_500_000)).toBe('2.5');
  });
});
