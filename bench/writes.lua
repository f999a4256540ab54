-- wrk script: demo and bulk assigns, alternating, each for a customer not used before.
-- Arguments: the server's path prefix, and the first customer code of this run; each thread
-- takes its own block of 50,000 customers from there.
local counter = 0
local thread_id = 0
local threads = {}

function setup(thread)
  thread:set("thread_id", #threads)
  table.insert(threads, thread)
end

function init(args)
  base = args[1] or ""
  first = tonumber(args[2] or "100000")
end

function request()
  counter = counter + 1
  local customer = first + thread_id * 50000 + counter
  local headers = { ["X-API-KEY"] = "mock-dev-key", ["Content-Type"] = "application/json" }
  if counter % 2 == 0 then
    return wrk.format("POST", base .. "/licenses/demo", headers, '{"customer_code": ' .. customer .. '}')
  end
  local body = '{"customer_code": ' .. customer .. ', "license_code": "CL-Q-A005-M1", "license_info": "bench"}'
  return wrk.format("POST", base .. "/licenses/bulk", headers, body)
end
