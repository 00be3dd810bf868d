import { acceptedLanguages, pickLanguage } from './language.js';

describe('web app language', () => {
  it('orders Accept-Language by quality, keeping ties in order', () => {
    expect(acceptedLanguages('fr;q=0.5, de-CH;q=0.8, en-GB, *;q=0.1')).toEqual(['en-gb', 'de-ch', 'fr']);
    expect(acceptedLanguages('de;q=0, en')).toEqual(['en']);
    expect(acceptedLanguages(undefined)).toEqual([]);
  });

  it('prefers the chosen language, then the browser’s, then English', () => {
    expect(pickLanguage('imagehive_lang=de', 'en-US,en')).toBe('de');
    expect(pickLanguage('other=1; imagehive_lang=en', 'de')).toBe('en');
    expect(pickLanguage(undefined, 'fr-FR, de-AT;q=0.9, en;q=0.8')).toBe('de');
    expect(pickLanguage('imagehive_lang=xx', 'fr')).toBe('en');
    expect(pickLanguage(undefined, undefined)).toBe('en');
  });
});
