// Configuration types have as many instances as a person wrote entries (scrape jobs, leafnode remotes, a server's
// ~200 settings): tens, not millions, whatever holds them. The Go and C padding rules read type names with this.

/** A type name ending in Config, Configuration, Options, Opts, Settings or Flags; `anyCase` also allows the suffix's
 * first letter in lower case (C's `standardConfig`, `server_config`, `static_opts`). */
export function isConfigurationTypeName(name: string, anyCase = false): boolean {
  return (anyCase ? ANY_CASE : EXPORTED_CASE).test(name);
}

const EXPORTED_CASE = /(?:Config|Configuration|Options|Opts|Settings|Flags)$/;
const ANY_CASE = /(?:[Cc]onfig|[Cc]onfiguration|[Oo]ptions|[Oo]pts|[Ss]ettings|[Ff]lags)$/;
