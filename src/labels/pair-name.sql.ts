// A pair as the API names it: `dog`, or `dog.has=ear` for a part; from a vocabulary label or a suggestion.
// Shared by the lookups that list many images' labels in one query (moderation queue, staff panel).
export const PAIRS_FROM = `image_labels p LEFT JOIN labels l ON l.id = p."labelId" LEFT JOIN label_suggestions s ON s.id = p."suggestionId"
  LEFT JOIN labels parent ON parent.id = p."parentLabelId"`;
export const PAIR_NAME = `CASE WHEN parent.name IS NULL THEN COALESCE(l.name, s.name) ELSE parent.name || '.has=' || COALESCE(l.name, s.name) END`;
