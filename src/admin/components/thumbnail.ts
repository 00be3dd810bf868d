// Runs in the browser (bundled by AdminJS): only react, adminjs and the design system are available.
import React from 'react';
import type { BasePropertyProps } from 'adminjs';

/** An upload's image from the panel's media route: small in lists, larger on the record page. */
export default function Thumbnail({ record, property, where }: BasePropertyProps) {
  const src = record?.params?.[property.path] as string | undefined;
  if (!src) return null;
  const large = where === 'show';
  return React.createElement('img', {
    src,
    alt: String(record?.params?.slug ?? ''),
    loading: 'lazy',
    'data-testid': `upload-${property.path}`,
    style: large
      ? { maxWidth: '100%', maxHeight: 480, borderRadius: 4, display: 'block' }
      : { width: 64, height: 64, objectFit: 'cover', borderRadius: 4, display: 'block' },
  });
}
