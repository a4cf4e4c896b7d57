-- wrk script for scripts/soak.sh: a fixed mix of requests to the stub server's /api.php, drawn from
-- a shuffled plan of 10000 slots per thread (weights below), and counts of what came back.
--   wrk -s scripts/soak/mix.lua ... http://127.0.0.1:PORT/api.php
-- done() prints "SOAK <key> <value>" lines that soak.sh turns into its report.
--
-- What comes back cannot be tied to the request that caused it (wrk does not say which connection
-- a response belongs to), so requests are counted by kind when sent, and responses by HTTP status
-- and by MediaWiki-API-Error code when received.

local LIMIT = 8 * 1024 * 1024 -- ServerOptions::default().body_limit; larger bodies must get 413

local titles = {}
for i = 1, 60 do titles[i] = "T" .. i end -- 60 values where 50 are allowed: toomanyvalues

local function form(body)
  return { ["Content-Type"] = "application/x-www-form-urlencoded", ["Content-Length"] = tostring(#body) }
end

local boundary = "soakBoundary7MA4YWxkTrZu0gW"
local function multipart(fields, file_name, file_bytes)
  local parts = {}
  for _, kv in ipairs(fields) do
    parts[#parts + 1] = "--" .. boundary .. "\r\nContent-Disposition: form-data; name=\"" .. kv[1]
      .. "\"\r\n\r\n" .. kv[2] .. "\r\n"
  end
  if file_name then
    parts[#parts + 1] = "--" .. boundary .. "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
      .. file_name .. "\"\r\nContent-Type: application/octet-stream\r\n\r\n" .. file_bytes .. "\r\n"
  end
  parts[#parts + 1] = "--" .. boundary .. "--\r\n"
  return table.concat(parts)
end
local mp_headers = function(body)
  return { ["Content-Type"] = "multipart/form-data; boundary=" .. boundary, ["Content-Length"] = tostring(#body) }
end

-- kind and weight (slots out of 10000); the requests themselves are built once per thread in init()
local kinds = {
  { "get_valid", 4274 },
  { "get_valid_fv2", 500 },
  { "get_badinteger", 1000 },         -- aplimit=abc
  { "get_badvalue_action", 800 },     -- action=bogus
  { "get_toomanyvalues", 600 },       -- 60 titles
  { "get_bad_escapes", 500 },         -- %zz, a truncated %E0%A4, %C3%28: invalid UTF-8 once decoded
  { "get_raw_bytes", 20 },            -- raw 0xFF 0xFE in the request target: HTTP 400, connection closed
  { "post_form", 1100 },
  { "post_form_badinteger", 200 },
  { "post_multipart", 900 },          -- with a 1 KiB file part
  { "post_multipart_broken", 100 },   -- closing boundary missing: 400
  { "post_oversize_form", 3 },        -- urlencoded body of LIMIT + 1 KiB: 413
  { "post_oversize_multipart", 3 },   -- multipart with a LIMIT + 1 KiB file: 413
}

local reqs = {}
local plan = {}
local n = 0
sent = {}       -- per thread: kind -> count (read by done() through thread:get)
statuses = {}   -- per thread: "status" -> count
apierrors = {}  -- per thread: MediaWiki-API-Error code -> count

local threads = {}
function setup(thread)
  thread:set("id", #threads + 1)
  threads[#threads + 1] = thread
end

function init(args)
  local p = "/api.php?"
  local q = "action=query&list=allpages&aplimit=10&format=json"
  reqs.get_valid = wrk.format("GET", p .. q)
  reqs.get_valid_fv2 = wrk.format("GET", p .. "action=query&list=allpages&apfrom=Foo&apnamespace=0"
    .. "&aplimit=50&apfilterredir=nonredirects&apdir=ascending&format=json&formatversion=2")
  reqs.get_badinteger = wrk.format("GET", p .. "action=query&list=allpages&aplimit=abc&format=json")
  reqs.get_badvalue_action = wrk.format("GET", p .. "action=bogus&format=json")
  reqs.get_toomanyvalues = wrk.format("GET", p .. "action=query&titles=" .. table.concat(titles, "%7C") .. "&format=json")
  reqs.get_bad_escapes = wrk.format("GET", p .. "action=query&list=allpages&apfrom=%zz%E0%A4%C3%28%&format=json")
  reqs.get_raw_bytes = wrk.format("GET", p .. "action=query&list=allpages&apfrom=\255\254&format=json")
  local body = q
  reqs.post_form = wrk.format("POST", "/api.php", form(body), body)
  body = "action=query&list=allpages&aplimit=abc&format=json"
  reqs.post_form_badinteger = wrk.format("POST", "/api.php", form(body), body)
  body = multipart({ { "action", "query" }, { "list", "allpages" }, { "aplimit", "10" }, { "format", "json" } },
    "soak.bin", string.rep("\0\1\2\3\255\254\253\252", 128))
  reqs.post_multipart = wrk.format("POST", "/api.php", mp_headers(body), body)
  body = multipart({ { "action", "query" }, { "format", "json" } })
  body = body:sub(1, #body - #boundary - 6) -- cut the closing "--boundary--\r\n"
  reqs.post_multipart_broken = wrk.format("POST", "/api.php", mp_headers(body), body)
  body = "action=query&format=json&text=" .. string.rep("a", LIMIT + 1024)
  reqs.post_oversize_form = wrk.format("POST", "/api.php", form(body), body)
  body = multipart({ { "action", "query" }, { "format", "json" } }, "big.bin", string.rep("b", LIMIT + 1024))
  reqs.post_oversize_multipart = wrk.format("POST", "/api.php", mp_headers(body), body)

  for _, k in ipairs(kinds) do
    sent[k[1]] = 0
    for _ = 1, k[2] do plan[#plan + 1] = k[1] end
  end
  -- the same shuffled order every run, different for each thread
  math.randomseed(4242 + (id or 0))
  for i = #plan, 2, -1 do
    local j = math.random(i)
    plan[i], plan[j] = plan[j], plan[i]
  end
end

function request()
  n = n + 1
  local kind = plan[(n - 1) % #plan + 1]
  sent[kind] = sent[kind] + 1
  return reqs[kind]
end

function response(status, headers, body)
  local s = tostring(status)
  statuses[s] = (statuses[s] or 0) + 1
  local code = headers["mediawiki-api-error"] or headers["MediaWiki-API-Error"]
  if code then apierrors[code] = (apierrors[code] or 0) + 1 end
end

local function add_all(into, from)
  for k, v in pairs(from or {}) do into[k] = (into[k] or 0) + v end
end

function done(summary, latency, requests)
  local e = summary.errors
  print(string.format("SOAK duration_us %d", summary.duration))
  print(string.format("SOAK requests %d", summary.requests))
  print(string.format("SOAK bytes %d", summary.bytes))
  print(string.format("SOAK err_connect %d", e.connect))
  print(string.format("SOAK err_read %d", e.read))
  print(string.format("SOAK err_write %d", e.write))
  print(string.format("SOAK err_timeout %d", e.timeout))
  print(string.format("SOAK err_status %d", e.status))
  for _, p in ipairs({ 50, 90, 99, 99.9 }) do
    print(string.format("SOAK lat_p%s_us %d", tostring(p), latency:percentile(p)))
  end
  print(string.format("SOAK lat_max_us %d", latency.max))
  print(string.format("SOAK lat_mean_us %.0f", latency.mean))
  local all_sent, all_status, all_api = {}, {}, {}
  for _, t in ipairs(threads) do
    add_all(all_sent, t:get("sent"))
    add_all(all_status, t:get("statuses"))
    add_all(all_api, t:get("apierrors"))
  end
  for _, k in ipairs(kinds) do print(string.format("SOAK sent %s %d", k[1], all_sent[k[1]] or 0)) end
  for k, v in pairs(all_status) do print(string.format("SOAK status %s %d", k, v)) end
  for k, v in pairs(all_api) do print(string.format("SOAK apierror %s %d", k, v)) end
end
