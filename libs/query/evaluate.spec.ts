import { evaluate, parseQuery, type ImageFacts, type LabelFacts } from './index.js';

function image(labels: (string | LabelFacts)[], rest: Partial<ImageFacts> = {}): ImageFacts {
  const facts = labels.map((l) => (typeof l === 'string' ? { name: l } : l));
  return {
    labels: facts,
    width: 800,
    height: 600,
    numLabels: facts.length,
    numAnnotations: 0,
    coverage: 0,
    collection: null,
    unlabeled: false,
    ...rest,
  };
}

const matches = (query: string, images: ImageFacts[]) => images.map((i) => evaluate(parseQuery(query), i));

describe('evaluate: labels, per image', () => {
  const images = [image(['dog']), image(['dog', 'cat']), image(['cat']), image([]), image(['t-shirt', 'street light'])];

  it.each([
    ['dog', [true, true, false, false, false]],
    ['dog & ~cat', [true, false, false, false, false]],
    ['dog & cat', [false, true, false, false, false]],
    ['dog | cat', [true, true, true, false, false]],
    ['~dog & ~cat', [false, false, false, true, true]],
    ['~(dog | cat)', [false, false, false, true, true]],
    ['t-shirt', [false, false, false, false, true]],
    ["'street light' | lamp", [false, false, false, false, true]],
  ])('%s', (query, expected) => expect(matches(query, images)).toEqual(expected));

  it('compares names case-insensitively by simple Unicode lowercase, like PostgreSQL lower()', () => {
    const greek = [image(['ΣΑΣ']), image(['İstanbul']), image(['STRASSE'])];
    expect(matches('σασ', greek)).toEqual([true, false, false]);
    expect(matches('ΣΑΣ', greek)).toEqual([true, false, false]);
    expect(matches('σας', greek)).toEqual([false, false, false]);
    expect(matches('istanbul', greek)).toEqual([false, true, false]);
    expect(matches('straße', greek)).toEqual([false, false, false]);
    expect(matches('Strasse', greek)).toEqual([false, false, true]);
  });
});

describe('evaluate: sublabels and attributes belong to one label of the image', () => {
  const images = [
    image([{ name: 'dog', sublabels: ['ear'], attributes: [{ key: 'breed', value: 'Labrador Retriever' }] }]),
    image([{ name: 'dog' }, { name: 'cat', sublabels: ['ear'], attributes: [{ key: 'breed', value: 'Siamese' }] }]),
    image([{ name: 'water bottle', sublabels: ['cap'], attributes: [{ key: 'colour', value: 'red' }, { key: 'colour', value: 'blue' }] }]),
  ];

  it.each([
    ["dog.has='ear'", [true, false, false]],
    ["dog.HAS='EAR'", [true, false, false]],
    ["cat.has='ear'", [false, true, false]],
    ["dog.breed='labrador retriever'", [true, false, false]],
    ["dog.breed='Siamese'", [false, false, false]],
    ["'water bottle'.has='cap'", [false, false, true]],
    ["'water bottle'.Colour='blue' & 'water bottle'.colour='RED'", [false, false, true]],
    ["dog & ~dog.has='ear'", [false, true, false]],
  ])('%s', (query, expected) => expect(matches(query, images)).toEqual(expected));
});

describe('evaluate: image and annotation attributes', () => {
  const images = [
    image(['dog'], { width: 640, height: 480, numLabels: 1, numAnnotations: 3, coverage: 50, collection: 'Holiday 2024' }),
    image([], { width: 1024, height: 768, numLabels: 0, numAnnotations: 0, coverage: 0, collection: null, unlabeled: true }),
    image([], { width: 639, height: 1000, numLabels: 0, numAnnotations: 1, coverage: 50.5, collection: 'summer', unlabeled: false }),
  ];

  it.each([
    ['image.width >= 640', [true, true, false]],
    ['image.width > 640', [false, true, false]],
    ['image.width < 640', [false, false, true]],
    ['image.width <= 640', [true, false, true]],
    ['image.width = 640', [true, false, false]],
    ['image.width != 640', [false, true, true]],
    ['image.height > 700', [false, true, true]],
    ['image.num_labels = 0', [false, true, true]],
    ['image.num_annotations >= 1', [true, false, true]],
    ['annotation.coverage > 50%', [false, false, true]],
    ['annotation.coverage >= 50', [true, false, true]],
    ["image.collection='holiday 2024'", [true, false, false]],
    ["image.collection!='holiday 2024'", [false, true, true]],
    ["~image.collection='summer'", [true, true, false]],
    ['image.unlabeled', [false, true, false]],
    ['image.unlabeled = false', [true, false, true]],
    ["dog.has='ear' & image.width >= 640", [false, false, false]],
    ['dog & image.width >= 640', [true, false, false]],
  ])('%s', (query, expected) => expect(matches(query, images)).toEqual(expected));
});
