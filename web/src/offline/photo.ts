import { JPEG_QUALITY, scaledSize } from './photo-size';

/*
 * A photo from the camera or the gallery, made ready to send in the browser: decoded with its EXIF
 * orientation applied (createImageBitmap's `imageOrientation: 'from-image'`), scaled to at most
 * 1,600 px on its long side, drawn onto a canvas and re-encoded as JPEG. A canvas keeps pixels
 * only, so EXIF, GPS location and every other piece of metadata are left behind.
 */

export interface PreparedPhoto {
  blob: Blob;
  width: number;
  height: number;
}

async function decode(file: Blob): Promise<ImageBitmap> {
  try {
    return await createImageBitmap(file, { imageOrientation: 'from-image' });
  } catch {
    // Older engines without the options bag: they apply EXIF orientation by default or not at all.
    return createImageBitmap(file);
  }
}

export async function preparePhoto(file: Blob): Promise<PreparedPhoto> {
  const bitmap = await decode(file);
  const { width, height } = scaledSize(bitmap.width, bitmap.height);
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d');
  if (!context) throw new Error('no 2D canvas');
  context.imageSmoothingQuality = 'high';
  context.drawImage(bitmap, 0, 0, width, height);
  bitmap.close();
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', JPEG_QUALITY));
  if (!blob) throw new Error('the photo could not be encoded');
  return { blob, width, height };
}
