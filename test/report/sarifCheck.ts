// A structural check of a SARIF 2.1.0 log, covering what GitHub code scanning reads (no npm package in
// this repository ships the OASIS JSON schema; see docs/report.md). Returns the problems found.
const LEVELS = new Set(['none', 'note', 'warning', 'error']);

type J = Record<string, any>;

function checkRegion(r: J | undefined, where: string, errors: string[]) {
  if (!r) { errors.push(`${where}: no region`); return; }
  for (const k of ['startLine', 'startColumn', 'endLine', 'endColumn']) {
    if (!Number.isInteger(r[k]) || r[k] < 1) errors.push(`${where}.${k} must be an integer >= 1 (got ${r[k]})`);
  }
  if (r.endLine < r.startLine || (r.endLine === r.startLine && r.endColumn < r.startColumn)) errors.push(`${where}: ends before it starts`);
}

function checkArtifact(a: J | undefined, where: string, errors: string[]) {
  if (!a || typeof a.uri !== 'string' || !a.uri) { errors.push(`${where}: no uri`); return; }
  if (/^[a-z][a-z0-9+.-]*:/i.test(a.uri) || a.uri.startsWith('/')) errors.push(`${where}: uri ${a.uri} is not relative`);
  if (/[ #?\\]/.test(a.uri)) errors.push(`${where}: uri ${a.uri} is not encoded`);
  if (a.uriBaseId !== '%SRCROOT%') errors.push(`${where}: uriBaseId must be %SRCROOT%`);
}

export function sarifProblems(log: J): string[] {
  const errors: string[] = [];
  if (log.version !== '2.1.0') errors.push('version must be 2.1.0');
  if (typeof log.$schema !== 'string' || !log.$schema.includes('sarif')) errors.push('$schema missing');
  if (!Array.isArray(log.runs) || log.runs.length !== 1) return [...errors, 'runs must hold one run'];
  const run = log.runs[0];
  const driver = run.tool?.driver;
  if (!driver || typeof driver.name !== 'string') errors.push('runs[0].tool.driver.name missing');
  const rules: J[] = driver?.rules ?? [];
  const ids = new Set<string>();
  rules.forEach((r, i) => {
    const w = `rules[${i}]`;
    if (typeof r.id !== 'string' || !r.id) errors.push(`${w}.id missing`);
    if (ids.has(r.id)) errors.push(`${w}.id ${r.id} repeated`);
    ids.add(r.id);
    if (typeof r.shortDescription?.text !== 'string' || !r.shortDescription.text) errors.push(`${w}.shortDescription.text missing`);
    try { new URL(r.helpUri); } catch { errors.push(`${w}.helpUri is not a URL`); }
    if (!LEVELS.has(r.defaultConfiguration?.level)) errors.push(`${w}.defaultConfiguration.level invalid`);
  });
  if (!Array.isArray(run.results)) return [...errors, 'results missing'];
  run.results.forEach((res: J, i: number) => {
    const w = `results[${i}]`;
    if (typeof res.ruleId !== 'string') errors.push(`${w}.ruleId missing`);
    if (!Number.isInteger(res.ruleIndex) || rules[res.ruleIndex]?.id !== res.ruleId) errors.push(`${w}.ruleIndex does not point at ${res.ruleId}`);
    if (!LEVELS.has(res.level)) errors.push(`${w}.level invalid`);
    if (typeof res.message?.text !== 'string' || !res.message.text) errors.push(`${w}.message.text missing`);
    const pl = res.locations?.[0]?.physicalLocation;
    checkArtifact(pl?.artifactLocation, `${w}.locations[0]`, errors);
    checkRegion(pl?.region, `${w}.locations[0].region`, errors);
    const fp = res.partialFingerprints?.['arm64port/v1'];
    if (typeof fp !== 'string' || !/^[0-9a-f]{16,}$/.test(fp)) errors.push(`${w}.partialFingerprints["arm64port/v1"] missing`);
    for (const [j, fix] of (res.fixes ?? []).entries()) {
      if (typeof fix.description?.text !== 'string') errors.push(`${w}.fixes[${j}].description.text missing`);
      if (!Array.isArray(fix.artifactChanges) || !fix.artifactChanges.length) errors.push(`${w}.fixes[${j}].artifactChanges empty`);
      for (const [k, ch] of (fix.artifactChanges ?? []).entries()) {
        checkArtifact(ch.artifactLocation, `${w}.fixes[${j}].artifactChanges[${k}]`, errors);
        if (!Array.isArray(ch.replacements) || !ch.replacements.length) errors.push(`${w}.fixes[${j}].artifactChanges[${k}].replacements empty`);
        for (const rep of ch.replacements ?? []) {
          checkRegion(rep.deletedRegion, `${w}.fixes[${j}] deletedRegion`, errors);
          if (typeof rep.insertedContent?.text !== 'string') errors.push(`${w}.fixes[${j}] insertedContent.text missing`);
        }
      }
    }
  });
  return errors;
}
