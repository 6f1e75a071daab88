export {
  createSavedSearch,
  deleteSavedSearch,
  listSavedSearches,
  markSavedSearchSeen,
  readSavedSearch,
  savedSearchLimit,
  type SavedSearchInput,
  type SavedSearchKind,
  type SavedSearchView,
} from "./store.js";
