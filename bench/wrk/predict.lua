-- POST /predict with 256 different applicants from the training distribution (uniform ranges of
-- LoanDataGenerator), cycled, so inference, drift bins and the prediction log see varied rows.
-- Deterministic: the Park-Miller generator (exact in Lua's doubles), not math.random.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

local state = 12345
local function uniform(n)
  state = (state * 16807) % 2147483647
  return state % n
end

local terms = {12, 24, 36, 48, 60}
local requests = {}

-- Built in init, not at load time: only then does wrk know the host and path of the URL.
init = function(args)
  for i = 1, 256 do
    local body = string.format(
      '{"age":%d,"income":%d,"loan_amount":%d,"loan_term":%d,"credit_score":%d,"employment_status":%d,"loan_purpose":%d}',
      20 + uniform(50), 20000 + uniform(80000), 5000 + uniform(45000), terms[1 + uniform(5)],
      300 + uniform(550), uniform(2), uniform(4))
    requests[i] = wrk.format(nil, nil, nil, body)
  end
end

local next = 0
request = function()
  next = next % #requests + 1
  return requests[next]
end
-- wrk itself prints "Non-2xx or 3xx responses: N" when any answer is not 2xx/3xx; the scripts
-- treat that line as a failed run.
