// A client that knows only the service's address: everything else comes from the OpenAPI
// document (paths, methods, media types, required result fields). Node 18+ (built-in fetch).
const base = process.argv[2];
const spec = await (await fetch(`${base}/v1/openapi.json`)).json();

const schemaOf = (ref) => spec.components.schemas[ref.split("/").pop()];
const find = (predicate) => {
  for (const [path, ops] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      if (predicate(path, method, op)) return { path, method: method.toUpperCase(), op };
    }
  }
  throw new Error("no such operation in the OpenAPI document");
};

// The operation that lists examples, and the one that returns one example by id.
const list = find((p, m) => m === "get" && p.endsWith("/examples"));
const one = find((p, m, op) => m === "get" && (op.parameters ?? []).some((q) => q.in === "path")
  && p.startsWith(list.path));
// The operation whose body is a Case and whose answer is an assessment result.
const assess = find((p, m, op) => {
  const body = op.requestBody?.content?.["application/json"]?.schema?.$ref;
  const answer = op.responses?.["200"]?.content?.["application/json"]?.schema?.$ref;
  return body && answer && schemaOf(body).title === "Case"
    && schemaOf(answer).title === "AssessmentResult";
});

const examples = await (await fetch(base + list.path)).json();
const id = examples[0].id;
const name = one.op.parameters.find((q) => q.in === "path").name;
const example = await (await fetch(base + one.path.replace(`{${name}}`, id))).json();

const answer = await fetch(base + assess.path, {
  method: assess.method,
  headers: { "Content-Type": "application/json" },
  body: JSON.stringify(example),
});
if (answer.status !== 200) throw new Error(`assess answered ${answer.status}`);
const result = await answer.json();
const resultSchema = schemaOf(assess.op.responses["200"].content["application/json"].schema.$ref);
for (const field of resultSchema.required) {
  if (!(field in result)) throw new Error(`result lacks required field ${field}`);
}

const refused = await fetch(base + assess.path, {
  method: assess.method,
  headers: { "Content-Type": "application/json" },
  body: "{}",
});
const problem = await refused.json();

console.log(`example=${id}`);
console.log(`needs=${result.findings.needs.map((n) => n.id).join(",")}`);
console.log(`first_stage=${result.plan.stages[0].id}`);
console.log(`problem=${refused.status} ${refused.headers.get("content-type")} ${problem.type}`);
