import { useState } from 'preact/hooks';
import { html } from '../lib/html.js';
import { announce } from '../lib/hooks.js';
import { t } from '../lib/i18n.js';

async function copyText(text) {
  if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
  // Plain http on another host has no clipboard API: the old way still works from a click.
  const area = Object.assign(document.createElement('textarea'), { value: text, readOnly: true });
  area.className = 'sr-only';
  document.body.append(area);
  area.select();
  document.execCommand('copy');
  area.remove();
}

export function CopyButton({ text, label, className = '' }) {
  const [copied, setCopied] = useState(false);
  async function copy() {
    try {
      await copyText(text);
      setCopied(true);
      announce(t('copy.done'));
      setTimeout(() => setCopied(false), 2000);
    } catch {
      announce(t('copy.failed'));
    }
  }
  return html`<button type="button" class=${className} onClick=${copy} data-copied=${copied ? 'true' : undefined}>${copied ? t('copy.done') : label}</button>`;
}
