import { compileDatasetQuery } from './dataset-query.js';

describe('compileDatasetQuery', () => {
  it('sends the confirmation threshold and minimum votes only when a label uses them', () => {
    const labelled = compileDatasetQuery('dog & annotation.coverage > 50%', { imageAlias: 'i', usedParams: 2, threshold: 0.95 });
    expect(labelled.params).toEqual([0.95, 3, 'dog', 50]);
    expect(labelled.sql).toContain('q.probability >= $3 AND q.yes + q.no >= $4');
    expect(labelled.sql).toContain('> $6::double precision / 100');
    const plain = compileDatasetQuery('annotation.coverage > 50% | image.num_annotations >= 2', { imageAlias: 'i', usedParams: 2, threshold: 0.95 });
    expect(plain.params).toEqual([50, 2]);
    expect(plain.sql).toMatch(/s\.coverage FROM image_annotation_stats s WHERE s\."imageId" = i\.id\), 0\) > \$3::double precision \/ 100/);
    expect(plain.sql).toContain('"numAnnotations" FROM image_annotation_stats s WHERE s."imageId" = i.id), 0) >= $4');
    expect(plain.sql).not.toContain('NULL');
  });
});
