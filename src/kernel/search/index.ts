export { tokenize, segmentWords, normalizeText, warmUpTokenizer } from './tokenize';
export { indexDocuments, removeDocuments, search, setSynonyms, listSynonyms, indexRowsOf, planQuery } from './search';
export type { SearchDocument, SearchField, SearchHit, SearchOptions, SearchResult } from './search';
export { searchMigrations } from './search.migrations';
