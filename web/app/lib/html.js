// htm turns tagged templates into Preact elements: JSX without a build step. Text in ${…} is escaped by Preact.
import { h } from 'preact';
import htm from 'htm';

export const html = htm.bind(h);
