-- wrk script: requests over the load dataset's customers, each thread from its own block of
-- 50,000 starting at the first customer code of the run.
-- Arguments: the mode, the server's path prefix, and that first customer code.
--   writes  demo and bulk assigns, alternating, each for a customer not used before
--   reads   L1 with a query string no request has sent before, so the mock's memory of valid
--           query strings never helps (a thread's customers come round again after 50,000)
local counter = 0
local thread_id = 0
local threads = {}

function setup(thread)
  thread:set("thread_id", #threads)
  table.insert(threads, thread)
end

function init(args)
  mode = args[1] or "writes"
  base = args[2] or ""
  first = tonumber(args[3] or "100000")
end

local function reads(customer)
  local duration = (counter % 2 == 0) and "1" or "12"
  local path = base .. "/licenses/available?customer_code=" .. customer .. "&license_duration=" .. duration
  return wrk.format("GET", path, { ["X-API-KEY"] = "mock-dev-key" })
end

local function writes(customer)
  local headers = { ["X-API-KEY"] = "mock-dev-key", ["Content-Type"] = "application/json" }
  if counter % 2 == 0 then
    return wrk.format("POST", base .. "/licenses/demo", headers, '{"customer_code": ' .. customer .. '}')
  end
  local body = '{"customer_code": ' .. customer .. ', "license_code": "CL-Q-A005-M1", "license_info": "bench"}'
  return wrk.format("POST", base .. "/licenses/bulk", headers, body)
end

function request()
  counter = counter + 1
  local block = first + thread_id * 50000
  if mode == "reads" then
    return reads(block + counter % 50000)
  end
  return writes(block + counter)
end
