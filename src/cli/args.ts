import { parseArgs } from 'node:util';

export const USAGE = `imagehive — command line for an Imagehive server

  imagehive export --format coco [--query 'dog & ~cat'] [--min-probability 0.9] [--min-votes 3]
                   [--images] [--split train:0.8,val:0.2] --out ./dataset.zip [--server URL --token T] [--json]
  imagehive import <folder> [--user NAME | --server URL --token T] [--json]
                   A folder per label (dog/…, cat/…); each image is donated with its folder's label
                   ("hot_dog" becomes "hot dog"). Duplicates are skipped, so an interrupted import can
                   simply be run again. Locally the donations are made as --user (default: the first admin).
  imagehive user create --username NAME --password PASS [--email E] [--role user|moderator|admin] [--json]

Without --server the command works on this machine's data (imagehive.yml, environment, data folder);
stop the server first when it runs on the embedded database.`;

export type CliArgs = ReturnType<typeof parse>;

export function parse(argv?: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      format: { type: 'string' },
      query: { type: 'string' },
      'min-probability': { type: 'string' },
      'min-votes': { type: 'string' },
      images: { type: 'boolean', default: false },
      split: { type: 'string' },
      out: { type: 'string' },
      server: { type: 'string' },
      token: { type: 'string' },
      json: { type: 'boolean', default: false },
      user: { type: 'string' },
      username: { type: 'string' },
      password: { type: 'string' },
      email: { type: 'string' },
      role: { type: 'string', default: 'user' },
      help: { type: 'boolean', default: false },
    },
  });
}

/** The server's base URL without trailing slashes, or undefined to work on the local data. */
export function serverOf(args: CliArgs): string | undefined {
  return args.values.server?.replace(/\/+$/, '');
}

export function authHeaders(args: CliArgs): Record<string, string> {
  return args.values.token ? { authorization: args.values.token } : {};
}
