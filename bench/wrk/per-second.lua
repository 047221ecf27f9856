-- The load of predict.lua (the same 256 applicants, the same order), counted second by second:
-- at the end wrk prints "SECOND <n> <requests>" for every 1-second interval [n, n+1) after an
-- origin on the monotonic clock (CLOCK_MONOTONIC, the clock of Python's time.monotonic()). The
-- origin is the first script argument (`wrk ... -- <seconds>`), else the first request.
--
-- Counts requests as they are sent, in request(): wrk sends a connection's next request as soon
-- as its previous answer is read, so a second's count differs from its answers by at most the
-- connections in flight (32 with -c32). Counting in response() instead would make wrk parse
-- every answer's headers into Lua tables, slowing the load generator itself.
local folder = debug.getinfo(1, "S").source:sub(2):match("(.*/)") or "./"
dofile(folder .. "predict.lua")

local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } per_second_timespec;
int clock_gettime(int clock, per_second_timespec *time);
]]
local CLOCK_MONOTONIC = 1
local timespec = ffi.new("per_second_timespec")
local function now()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, timespec)
  return tonumber(timespec.tv_sec) + tonumber(timespec.tv_nsec) * 1e-9
end

local load_init, load_request = init, request
origin = nil
counts = {}
last = -1

init = function(args)
  if args[1] then
    origin = tonumber(args[1])
  end
  load_init(args)
end

request = function()
  local t = now()
  if not origin then
    origin = t
  end
  local second = math.floor(t - origin)
  counts[second] = (counts[second] or 0) + 1
  if second > last then
    last = second
  end
  return load_request()
end

local threads = {}
setup = function(thread)
  table.insert(threads, thread)
end

done = function()
  for _, thread in ipairs(threads) do
    local seconds, until_second = thread:get("counts"), thread:get("last")
    for second = 0, until_second do
      io.write(string.format("SECOND %d %d\n", second, seconds[second] or 0))
    end
  end
end
