// Calls to the careplanner service this page came from. Nothing is sent anywhere else.

const JSON_TYPE = "application/json";

/** The bearer token of a service started with --token, typed in by the user; kept in memory. */
export const auth = { token: null };

function headers(more) {
  return auth.token ? { ...more, Authorization: `Bearer ${auth.token}` } : more;
}

/** A problem answer (RFC 9457) as an Error whose message names the fields. */
export class ServiceProblem extends Error {
  constructor(problem) {
    const listed = (problem.problems ?? []).map((p) => `${p.location}: ${p.message}`);
    super([problem.detail ?? problem.title, ...listed].join("\n"));
    this.problem = problem;
    this.status = problem.status;
  }
}

async function answer(response, as) {
  if (!response.ok) {
    const type = response.headers.get("content-type") ?? "";
    if (type.includes("json")) throw new ServiceProblem(await response.json());
    throw new ServiceProblem({ detail: `${response.status} ${response.statusText}` });
  }
  return as === "json" ? response.json() : as === "text" ? response.text() : response.blob();
}

/** GET a path of the service; `as` is json, text or blob. */
export async function get(path, as = "json") {
  return answer(await fetch(path, { headers: headers({ Accept: "*/*" }) }), as);
}

/** POST a body (an object sent as JSON, or a File sent with its own type). */
export async function post(path, body, as = "json", signal = undefined) {
  const isFile = body instanceof Blob;
  const type = isFile ? fileType(body) : JSON_TYPE;
  const request = { method: "POST", headers: headers({ "Content-Type": type }), signal };
  request.body = isFile ? body : JSON.stringify(body);
  return answer(await fetch(path, request), as);
}

function fileType(file) {
  return /\.json$/i.test(file.name ?? "") ? JSON_TYPE : "application/yaml";
}

/** A query string from an object, leaving out empty values. */
export function query(params) {
  const pairs = Object.entries(params).filter(([, v]) => v !== null && v !== undefined);
  return pairs.length ? `?${new URLSearchParams(pairs)}` : "";
}

/** Save a blob as a file in the browser's downloads. */
export function save(blob, filename) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
