-- Replays one prebuilt multipart body byte-for-byte (Lua strings are binary-safe; autocannon's -i is not).
-- The harness passes the body file, its Content-Type and the upload headers through the environment.
local file = assert(io.open(os.getenv("BENCH_BODY"), "rb"))
wrk.method = "POST"
wrk.body = file:read("*a")
file:close()
wrk.headers["Content-Type"] = os.getenv("BENCH_CONTENT_TYPE")
wrk.headers["Authorization"] = os.getenv("BENCH_TOKEN")
wrk.headers["Image-Format"] = os.getenv("BENCH_IMAGE_FORMAT")
wrk.headers["Image-Quality"] = os.getenv("BENCH_IMAGE_QUALITY")
