-- wrk script: every request asks the neighbours (k = 10) of a random word w0 … w(N-1) of the benchmark model,
-- so almost every request misses the server's response cache and scans the whole matrix.
local n = tonumber(os.getenv("WORDS") or "100000")
math.randomseed(42)
request = function()
  return wrk.format("GET", "/api/neighbors?word=w" .. math.random(0, n - 1) .. "&k=10")
end
