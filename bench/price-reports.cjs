// autocannon's setupRequest for the concurrent writers (a CommonJS file: its worker thread
// `require`s it). Each request is a new price report by the next province's editor, on a day no
// earlier request used, so no two requests share a natural key and every one writes: its row,
// its audit entry and its event. BENCH_PRICE_REPORTERS (set by bench/run.ts before the load
// starts; a worker thread inherits the environment) lists the editors, each with its own token
// and a market of its province, and the first free day.
const { reporters, firstDay } = JSON.parse(process.env.BENCH_PRICE_REPORTERS ?? "{}");
const QUERY = "mutation ReportPrice($input: RecordPriceObservationsInput!) { recordPriceObservations(input: $input) { replayed } }";
const DAY = 86_400_000;
let sent = 0;

module.exports = function nextPriceReport(request) {
  const reporter = reporters[sent % reporters.length];
  const observedOn = new Date(Date.parse(firstDay) + Math.floor(sent / reporters.length) * DAY).toISOString().slice(0, 10);
  sent += 1;
  const observation = { commodityCode: reporter.commodityCode, marketCode: reporter.marketCode, observedOn, priceType: "WHOLESALE", priceVnd: String(90_000 + (sent % 5_000)) };
  request.headers = { ...request.headers, authorization: `Bearer ${reporter.token}` };
  request.body = JSON.stringify({ query: QUERY, variables: { input: { observations: [observation] } } });
  return request;
};
