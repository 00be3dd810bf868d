// Runs in the browser (bundled by AdminJS): only react, adminjs and the design system are available.
import React, { useEffect, useState } from 'react';
import { ApiClient } from 'adminjs';
import { Box, H2, H5, Loader, MessageBox, Table, TableBody, TableCell, TableHead, TableRow, Text } from '@adminjs/design-system';
import type { DashboardData } from '../dashboard.service.js';

const h = React.createElement;

function bytes(n: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value >= 10 || unit === 0 ? Math.round(value) : Math.round(value * 10) / 10} ${units[unit]}`;
}

function Card({ title, value, detail, id }: { title: string; value: string; detail: string; id: string }) {
  return h(
    Box,
    { variant: 'card', flex: '1 1 200px', m: 'sm', p: 'lg', 'data-testid': `card-${id}` },
    h(H5, null, title),
    h(H2, { my: 'sm', 'data-testid': `card-${id}-value` }, value),
    h(Text, { color: 'grey60' }, detail),
  );
}

/** Uploads per day as bars; the height is relative to the busiest day of the window. */
function UploadsChart({ days }: { days: DashboardData['uploadsPerDay'] }) {
  const max = Math.max(1, ...days.map((d) => d.uploads));
  return h(
    Box,
    { flex: true, alignItems: 'flex-end', height: 160, mt: 'lg', 'data-testid': 'uploads-chart' },
    days.map((d) =>
      h(Box, {
        key: d.day,
        title: `${d.day}: ${d.uploads} upload${d.uploads === 1 ? '' : 's'}, ${bytes(d.bytes)}`,
        'data-day': d.day,
        'data-uploads': d.uploads,
        flex: '1 1 0',
        mx: '1px',
        bg: d.uploads ? 'primary100' : 'grey20',
        style: { height: `${Math.max(2, Math.round((d.uploads / max) * 150))}px` },
      }),
    ),
  );
}

export default function Dashboard() {
  const [data, setData] = useState<DashboardData | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    new ApiClient().getDashboard<DashboardData>().then(
      (response) => setData(response.data),
      (e: unknown) => setError(String(e)),
    );
  }, []);

  if (error) return h(MessageBox, { variant: 'danger', message: `The dashboard could not load: ${error}` });
  if (!data) return h(Loader);
  const monthUploads = data.uploadsPerDay.reduce((sum, d) => sum + d.uploads, 0);
  const roles = Object.entries(data.users.byRole).map(([role, count]) => `${count} ${role}${count === 1 ? '' : 's'}`).join(', ');
  return h(
    Box,
    { variant: 'grey', 'data-testid': 'imagehive-dashboard' },
    h(H2, null, 'Imagehive'),
    h(
      Box,
      { flex: true, flexWrap: 'wrap' },
      h(Card, { id: 'uploads', title: `Uploads, last ${data.uploadsPerDay.length} days`, value: String(monthUploads), detail: `${data.storage.images} links in all` }),
      h(Card, { id: 'storage', title: 'Storage used', value: bytes(data.storage.storedBytes), detail: `${data.storage.blobs} files; ${bytes(data.storage.linkedBytes)} counted against quotas` }),
      h(Card, { id: 'users', title: 'Users', value: String(data.users.total), detail: `${roles || 'none'}; ${data.users.disabled} disabled` }),
    ),
    h(Box, { variant: 'card', m: 'sm', p: 'lg' }, h(H5, null, 'Uploads per day (UTC)'), h(UploadsChart, { days: data.uploadsPerDay })),
    h(
      Box,
      { variant: 'card', m: 'sm', p: 'lg', 'data-testid': 'top-uploaders' },
      h(H5, null, 'Top uploaders'),
      data.topUploaders.length === 0
        ? h(Text, null, 'No uploads yet.')
        : h(
            Table,
            null,
            h(TableHead, null, h(TableRow, null, h(TableCell, null, 'User'), h(TableCell, null, 'Uploads'), h(TableCell, null, 'Storage'))),
            h(
              TableBody,
              null,
              data.topUploaders.map((u) =>
                h(TableRow, { key: u.ownerId }, h(TableCell, null, u.username), h(TableCell, null, String(u.uploads)), h(TableCell, null, bytes(u.bytes))),
              ),
            ),
          ),
    ),
  );
}
