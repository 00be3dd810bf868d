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
    { variant: 'card', flex: '1 1 28%', m: 'sm', p: 'lg', 'data-testid': `card-${id}` },
    h(H5, null, title),
    h(H2, { my: 'sm', 'data-testid': `card-${id}-value` }, value),
    h(Text, { color: 'grey60' }, detail),
  );
}

interface Bar {
  day: string;
  value: number;
  title: string;
}

/** One bar per day; the height is relative to the busiest day of the window. */
function DayChart({ id, bars }: { id: string; bars: Bar[] }) {
  const max = Math.max(1, ...bars.map((b) => b.value));
  return h(
    Box,
    { flex: true, alignItems: 'flex-end', height: 160, mt: 'lg', 'data-testid': `${id}-chart` },
    bars.map((b) =>
      h(Box, {
        key: b.day,
        title: `${b.day}: ${b.title}`,
        'data-day': b.day,
        'data-value': b.value,
        flex: '1 1 0',
        mx: '1px',
        bg: b.value ? 'primary100' : 'grey20',
        style: { height: `${Math.max(2, Math.round((b.value / max) * 150))}px` },
      }),
    ),
  );
}

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;
const tally = (days: Array<{ day: string; count: number }>, noun: string): Bar[] => days.map((d) => ({ day: d.day, value: d.count, title: count(d.count, noun) }));

function ChartCard({ id, title, bars }: { id: string; title: string; bars: Bar[] }) {
  return h(Box, { variant: 'card', flex: '1 1 400px', m: 'sm', p: 'lg' }, h(H5, null, title), h(DayChart, { id, bars }));
}

/** A small table card: a title, column names and rows of text. */
function TableCard({ id, title, empty, head, rows }: { id: string; title: string; empty: string; head: string[]; rows: Array<{ key: string; cells: string[] }> }) {
  return h(
    Box,
    { variant: 'card', flex: '1 1 400px', m: 'sm', p: 'lg', 'data-testid': id },
    h(H5, null, title),
    rows.length === 0
      ? h(Text, null, empty)
      : h(
          Table,
          null,
          h(TableHead, null, h(TableRow, null, head.map((c) => h(TableCell, { key: c }, c)))),
          h(TableBody, null, rows.map((r) => h(TableRow, { key: r.key }, r.cells.map((c, i) => h(TableCell, { key: i }, c))))),
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
  const sum = (days: Array<{ count: number }>) => days.reduce((total, d) => total + d.count, 0);
  const monthUploads = data.uploadsPerDay.reduce((total, d) => total + d.uploads, 0);
  const roles = Object.entries(data.users.byRole).map(([role, n]) => count(n, role)).join(', ');
  const backlog = data.moderation;
  const span = data.uploadsPerDay.length;
  return h(
    Box,
    { variant: 'grey', 'data-testid': 'imagehive-dashboard' },
    h(H2, null, 'Imagehive'),
    h(
      Box,
      { flex: true, flexWrap: 'wrap' },
      h(Card, { id: 'uploads', title: `Uploads, last ${span} days`, value: String(monthUploads), detail: `${data.storage.images} links in all` }),
      h(Card, { id: 'donations', title: `Donations, last ${span} days`, value: String(sum(data.donationsPerDay)), detail: 'images given to the dataset' }),
      h(Card, { id: 'pending', title: 'Waiting for moderation', value: String(backlog.pending), detail: `${count(backlog.reported, 'reported image')}, ${count(backlog.nearDuplicates, 'near-duplicate')}, ${count(backlog.suggestions, 'open suggestion')}, ${count(backlog.alerts, 'alert')}` }),
      h(Card, { id: 'votes', title: `Votes, last ${span} days`, value: String(sum(data.votesPerDay)), detail: 'on image–label pairs' }),
      h(Card, { id: 'storage', title: 'Storage used', value: bytes(data.storage.storedBytes), detail: `${data.storage.blobs} files; ${bytes(data.storage.linkedBytes)} counted against quotas` }),
      h(Card, { id: 'users', title: 'Users', value: String(data.users.total), detail: `${roles || 'none'}; ${data.users.disabled} disabled` }),
    ),
    h(
      Box,
      { flex: true, flexWrap: 'wrap' },
      h(ChartCard, { id: 'uploads', title: 'Uploads per day (UTC)', bars: data.uploadsPerDay.map((d) => ({ day: d.day, value: d.uploads, title: `${count(d.uploads, 'upload')}, ${bytes(d.bytes)}` })) }),
      h(ChartCard, { id: 'donations', title: 'Donations per day (UTC)', bars: tally(data.donationsPerDay, 'donation') }),
      h(ChartCard, { id: 'votes', title: 'Votes per day (UTC)', bars: tally(data.votesPerDay, 'vote') }),
    ),
    h(
      Box,
      { flex: true, flexWrap: 'wrap' },
      h(TableCard, {
        id: 'top-uploaders',
        title: 'Top uploaders',
        empty: 'No uploads yet.',
        head: ['User', 'Uploads', 'Storage'],
        rows: data.topUploaders.map((u) => ({ key: u.ownerId, cells: [u.username, String(u.uploads), bytes(u.bytes)] })),
      }),
      h(TableCard, {
        id: 'top-labels',
        title: 'Top labels',
        empty: 'No labelled images yet.',
        head: ['Label', 'Images'],
        rows: data.topLabels.map((l) => ({ key: l.name, cells: [l.name, String(l.images)] })),
      }),
    ),
  );
}
