// Imported first by main.ts: libuv sizes its thread pool on first use, so this must run before any other
// module does file or crypto work. sharp, scrypt and fs all share that pool (see docs/imaging.md).
process.env.UV_THREADPOOL_SIZE ??= '8';
