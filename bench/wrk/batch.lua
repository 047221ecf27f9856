-- POST /v2/models/loan-model/infer with one [256, 7] FP64 tensor per request: 16 bodies of 256
-- different applicants from the training distribution (uniform ranges of LoanDataGenerator, as in
-- predict.lua), cycled, so inference, reasons, drift bins and the prediction log see varied rows.
-- Deterministic: the Park-Miller generator (exact in Lua's doubles), not math.random.
-- BATCH_ROWS (256) sets the rows per body.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

local rows = tonumber(os.getenv("BATCH_ROWS") or "256")
local bodies = 16
local state = 12345
local function uniform(n)
  state = (state * 16807) % 2147483647
  return state % n
end

local terms = {12, 24, 36, 48, 60}
local requests = {}

-- Built in init, not at load time: only then does wrk know the host and path of the URL.
init = function(args)
  for b = 1, bodies do
    local values = {}
    for i = 1, rows do
      values[i] = string.format('%d,%d,%d,%d,%d,%d,%d',
        20 + uniform(50), 20000 + uniform(80000), 5000 + uniform(45000), terms[1 + uniform(5)],
        300 + uniform(550), uniform(2), uniform(4))
    end
    local body = string.format(
      '{"id":"wrk-%d","inputs":[{"name":"applications","shape":[%d,7],"datatype":"FP64","data":[%s]}]}',
      b, rows, table.concat(values, ","))
    requests[b] = wrk.format(nil, nil, nil, body)
  end
end

local next = 0
request = function()
  next = next % #requests + 1
  return requests[next]
end
