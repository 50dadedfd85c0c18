import type { ObjectLiteral, SelectQueryBuilder } from "typeorm";
import { ErrorCode, clientError } from "../graphql/errors";

/** InnoDB's default full-text stopwords (MySQL 8 and MariaDB share them): never indexed, so never required. */
const STOPWORDS = new Set(
  "a about an are as at be by com de en for from how i in is it la of on or that the this to was what when where who will with und www".split(" "),
);

/** innodb_ft_min_token_size's default: shorter words are not indexed either. */
const MIN_TOKEN = 3;
const MAX_TERMS = 10;

/**
 * What people type, as a BOOLEAN MODE query that finds rows containing a word starting with each
 * term (`+acme* +corp*`). Operators typed by the user are dropped, so a search cannot be turned
 * into another query. A word InnoDB never indexes (a stopword, or shorter than the minimum token)
 * is only a prefix hint: requiring it would match nothing ("alice@example.com" holds "com").
 */
export function booleanModeQuery(text: string): string | null {
  const terms = text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((term) => term.length > 0)
    .slice(0, MAX_TERMS);
  if (terms.length === 0) return null;
  return terms.map((term) => (term.length >= MIN_TOKEN && !STOPWORDS.has(term) ? `+${term}*` : `${term}*`)).join(" ");
}

/** Narrows `query` to rows whose FULLTEXT index over `columns` (exactly the index's columns) matches `text`. */
export function whereMatches<T extends ObjectLiteral>(query: SelectQueryBuilder<T>, columns: readonly string[], text: string): void {
  const against = booleanModeQuery(text);
  if (!against) throw clientError(ErrorCode.BAD_USER_INPUT, "`search` needs at least one letter or digit.", { argument: "search" });
  query.andWhere(`MATCH(${columns.join(", ")}) AGAINST (:fullText IN BOOLEAN MODE)`, { fullText: against });
}
