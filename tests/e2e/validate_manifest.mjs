#!/usr/bin/env node
// Validates a Teams app manifest against Microsoft's official JSON schema, offline.
//
//   node tests/e2e/validate_manifest.mjs path/to/manifest.json
//   node tests/e2e/validate_manifest.mjs --list-versions
//
// The schema comes from the npm package @microsoft/app-manifest
// (build/json-schemas/teams/v<manifestVersion>/MicrosoftTeams.schema.json, or vDevPreview for
// "devPreview"), chosen by the manifest's `manifestVersion`. Validation mirrors the package's own
// AppManifestUtils: ajv-draft-04 with allErrors, strictTypes off, and the formats uri, email and
// regex from ajv-formats; the schema's "\a" regex escapes are rewritten as "\x07" first, as the
// package does. The package's own helpers download the schema from the manifest's $schema URL; this
// script never goes to the network.
//
// Also checked, because Teams refuses an app package without them: the colour and outline icons named
// by the manifest exist beside it and are PNGs of 192x192 and 32x32 pixels.
//
// Exit code: 0 valid; 1 invalid; 2 bad usage or no schema for that manifestVersion.

import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import Ajv04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';

const require = createRequire(import.meta.url);

export function schemasDir() {
  const pkg = require.resolve('@microsoft/app-manifest/package.json');
  return path.join(path.dirname(pkg), 'build', 'json-schemas', 'teams');
}

/** Schema versions shipped by the package, oldest first: ["1.0", ..., "1.30", "devPreview"]. */
export function availableVersions() {
  const dirs = fs
    .readdirSync(schemasDir())
    .filter((d) => fs.existsSync(path.join(schemasDir(), d, 'MicrosoftTeams.schema.json')));
  const numeric = dirs
    .map((d) => /^v(\d+)\.(\d+)$/.exec(d))
    .filter(Boolean)
    .sort((a, b) => Number(a[1]) - Number(b[1]) || Number(a[2]) - Number(b[2]))
    .map((m) => `${m[1]}.${m[2]}`);
  return dirs.includes('vDevPreview') ? [...numeric, 'devPreview'] : numeric;
}

export function schemaPath(manifestVersion) {
  const dir = manifestVersion === 'devPreview' ? 'vDevPreview' : `v${manifestVersion}`;
  return path.join(schemasDir(), dir, 'MicrosoftTeams.schema.json');
}

export function loadSchema(manifestVersion) {
  const file = schemaPath(manifestVersion);
  if (!fs.existsSync(file)) return null;
  // Same workaround as @microsoft/app-manifest: "\a" is not a valid JS regex escape.
  const text = fs.readFileSync(file, 'utf8').replace(/\\a/g, '\\x07');
  return JSON.parse(text);
}

/** Returns { errors: [string], warnings: [string], schema: path|null }. */
export function validateManifest(manifestFile) {
  const errors = [];
  const warnings = [];
  let manifest;
  try {
    manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8').replace(/^\uFEFF/, ''));
  } catch (err) {
    return { errors: [`cannot read ${manifestFile} as JSON: ${err.message}`], warnings, schema: null };
  }
  const placeholders = [...new Set(JSON.stringify(manifest).match(/\{\{[^{}]+\}\}/g) || [])];
  if (placeholders.length) {
    warnings.push(
      `the manifest still has template placeholders ${placeholders.join(', ')}: validate the rendered manifest (the one that goes in the app package)`,
    );
  }
  const version = manifest && manifest.manifestVersion;
  if (typeof version !== 'string' || !version) {
    return { errors: ['"manifestVersion" is missing: it chooses the schema'], warnings, schema: null };
  }
  const schema = loadSchema(version);
  if (!schema) {
    return {
      errors: [`no schema for manifestVersion "${version}" in @microsoft/app-manifest; shipped: ${availableVersions().join(', ')}`],
      warnings,
      schema: null,
      usage: true,
    };
  }
  if (typeof manifest.$schema === 'string') {
    const m = /\/v(\d+\.\d+|DevPreview)\/MicrosoftTeams\.schema\.json$/i.exec(manifest.$schema);
    const declared = m ? (m[1].toLowerCase() === 'devpreview' ? 'devPreview' : m[1]) : null;
    if (declared && declared !== version) {
      warnings.push(`$schema points at v${declared} but manifestVersion is "${version}" (validated against v${version})`);
    }
  }

  const ajv = new Ajv04({ allErrors: true, strictTypes: false, strict: false });
  addFormats(ajv, ['uri', 'email', 'regex']);
  const validate = ajv.compile(schema);
  if (!validate(manifest)) {
    for (const e of validate.errors) {
      errors.push(`${e.instancePath || '/'} ${e.message}${e.params && Object.keys(e.params).length ? ` ${JSON.stringify(e.params)}` : ''}`);
    }
  }

  // Icons: Teams requires a 192x192 colour PNG and a 32x32 outline PNG in the package.
  const dir = path.dirname(manifestFile);
  const icons = manifest.icons || {};
  for (const [key, size] of [
    ['color', 192],
    ['outline', 32],
  ]) {
    const rel = icons[key];
    if (typeof rel !== 'string') continue; // the schema reports a missing icon
    const file = path.join(dir, rel);
    if (!fs.existsSync(file)) {
      errors.push(`/icons/${key} names ${rel}, which is not beside the manifest (${file})`);
      continue;
    }
    const dims = pngSize(fs.readFileSync(file));
    if (!dims) errors.push(`/icons/${key} ${rel} is not a PNG`);
    else if (dims.width !== size || dims.height !== size) {
      errors.push(`/icons/${key} ${rel} is ${dims.width}x${dims.height}; Teams wants ${size}x${size}`);
    }
  }
  return { errors, warnings, schema: schemaPath(version) };
}

function pngSize(buf) {
  const sig = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (buf.length < 24 || !buf.subarray(0, 8).equals(sig) || buf.toString('ascii', 12, 16) !== 'IHDR') return null;
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

function main(argv) {
  if (argv[0] === '--list-versions') {
    const v = availableVersions();
    const released = v.filter((x) => x !== 'devPreview');
    process.stdout.write(`${v.join('\n')}\nnewest released: ${released[released.length - 1]}\n`);
    return 0;
  }
  if (argv.length !== 1 || argv[0].startsWith('-')) {
    process.stderr.write('usage: node tests/e2e/validate_manifest.mjs path/to/manifest.json | --list-versions\n');
    return 2;
  }
  const file = argv[0];
  const { errors, warnings, schema, usage } = validateManifest(file);
  for (const w of warnings) process.stderr.write(`warning: ${w}\n`);
  if (errors.length) {
    process.stderr.write(`${file}: INVALID${schema ? ` against ${schema}` : ''}\n`);
    for (const e of errors) process.stderr.write(`  - ${e}\n`);
    return usage ? 2 : 1;
  }
  process.stdout.write(`${file}: valid against ${schema}\n`);
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exit(main(process.argv.slice(2)));
}
