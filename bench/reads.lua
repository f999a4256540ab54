-- wrk script: L1 with a query string no request has sent before (the mock's memory of valid
-- query strings never helps), over the load dataset's customers.
-- Arguments: the server's path prefix, and the first customer code of this run.
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
  local customer = first + thread_id * 50000 + counter % 50000
  local duration = (counter % 2 == 0) and "1" or "12"
  local path = base .. "/licenses/available?customer_code=" .. customer .. "&license_duration=" .. duration
  return wrk.format("GET", path, { ["X-API-KEY"] = "mock-dev-key" })
end
