// Read a JSON-LD file, expand it with jsonld.js (no network: the context is
// inlined) and print canonical-free N-Quads for comparison with rdflib.
const fs = require("fs");
const jsonld = require("jsonld");

const doc = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const noNetwork = async (url) => {
  throw new Error(`refusing to fetch ${url}`);
};
jsonld
  .toRDF(doc, { format: "application/n-quads", documentLoader: noNetwork })
  .then((nquads) => process.stdout.write(nquads))
  .catch((err) => {
    console.error(err.message);
    process.exit(1);
  });
