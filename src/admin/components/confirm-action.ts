// Runs in the browser (bundled by AdminJS): only react, adminjs and the design system are available.
import React, { useState } from 'react';
import { type ActionProps, ApiClient, useActionResponseHandler, useNotice, useTranslation } from 'adminjs';
import { Box, Button, FormGroup, H4, Input, Label, MessageBox, Text } from '@adminjs/design-system';

const h = React.createElement;

interface Field {
  name: string;
  label: string;
  type: 'text' | 'password' | 'number' | 'select' | 'email';
  options?: string[];
  value?: string;
  required?: boolean;
}

interface Custom {
  title?: string;
  fields?: Field[];
  description?: string;
  submit?: string;
}

interface Secret {
  label: string;
  value: string;
}

/**
 * The page of every panel action that changes something (one record, a bulk choice, or the resource): an
 * optional form, then a POST to the action's API route (AdminJS itself would call buttons without a page by
 * GET). A secret in the answer (a generated password, an invite code) is shown here once, not in a notice.
 */
export default function ConfirmAction({ action, resource, record, records }: ActionProps) {
  const custom = (action.custom ?? {}) as Custom;
  const fields = custom.fields ?? [];
  const [values, setValues] = useState<Record<string, string>>(() => Object.fromEntries(fields.map((f) => [f.name, f.value ?? ''])));
  const [busy, setBusy] = useState(false);
  const [shown, setShown] = useState<{ secret: Secret; redirectUrl?: string } | null>(null);
  const addNotice = useNotice();
  const { translateAction } = useTranslation();
  const handle = useActionResponseHandler() as unknown as (response: { data: Record<string, unknown> }) => void;

  const submit = async (event: { preventDefault: () => void }) => {
    event.preventDefault();
    setBusy(true);
    try {
      const api = new ApiClient();
      // As a form, like AdminJS's own forms: the panel's body parser (formidable) expects one.
      const data = new FormData();
      for (const [name, value] of Object.entries(values)) data.set(name, value);
      const response = record
        ? await api.recordAction({ resourceId: resource.id, recordId: record.id, actionName: action.name, data })
        : records
          ? await api.bulkAction({ resourceId: resource.id, recordIds: records.map((r) => r.id), actionName: action.name, data })
          : await api.resourceAction({ resourceId: resource.id, actionName: action.name, data });
      const body = response.data as { notice?: { type?: string }; redirectUrl?: string; secret?: Secret };
      if (body.secret && body.notice?.type !== 'error') {
        addNotice(body.notice as Parameters<typeof addNotice>[0]);
        setShown({ secret: body.secret, redirectUrl: body.redirectUrl });
        return;
      }
      handle(response as unknown as { data: Record<string, unknown> });
    } catch (error) {
      addNotice({ message: `The request failed: ${String(error)}`, type: 'error' });
    } finally {
      setBusy(false);
    }
  };

  if (shown) {
    return h(
      Box,
      { variant: 'container', 'data-testid': 'secret-once' },
      h(MessageBox, { variant: 'info', message: `${shown.secret.label}. It is shown only now: copy it before you leave this page.` }),
      h(Box, { my: 'xl' }, h(Text, { as: 'code', fontSize: 'xl', 'data-testid': 'secret-value', style: { userSelect: 'all', wordBreak: 'break-all' } }, shown.secret.value)),
      h(Button, { variant: 'contained', onClick: () => handle({ data: { redirectUrl: shown.redirectUrl } }) }, 'Done'),
    );
  }

  const label = translateAction(action.name, resource.id);
  const title = custom.title ?? (record ? `${label}: ${record.title}` : records ? `${label}: ${records.length} chosen` : label);
  return h(
    Box,
    { as: 'form', variant: 'container', onSubmit: submit, 'data-testid': `confirm-${action.name}` },
    h(H4, null, title),
    custom.description ? h(Text, { mb: 'xl' }, custom.description) : null,
    records ? h(Text, { mb: 'xl', 'data-testid': 'confirm-records' }, records.map((r) => r.title).join(', ')) : null,
    ...fields.map((f) =>
      h(
        FormGroup,
        { key: f.name },
        h(Label, { htmlFor: `field-${f.name}`, required: f.required }, f.label),
        f.type === 'select'
          ? h(
              'select',
              {
                id: `field-${f.name}`,
                name: f.name,
                value: values[f.name],
                onChange: (e: { target: { value: string } }) => setValues({ ...values, [f.name]: e.target.value }),
                style: { width: '100%', padding: 8 },
              },
              (f.options ?? []).map((o) => h('option', { key: o, value: o }, o)),
            )
          : h(Input, {
              id: `field-${f.name}`,
              name: f.name,
              type: f.type,
              required: f.required,
              value: values[f.name],
              width: 1,
              onChange: (e: { target: { value: string } }) => setValues({ ...values, [f.name]: e.target.value }),
            }),
      ),
    ),
    h(Button, { type: 'submit', variant: action.variant === 'danger' ? 'danger' : 'contained', disabled: busy, mt: 'lg' }, custom.submit ?? label),
  );
}
