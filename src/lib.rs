//! mentormatch turns a professional network into mentor matches, sponsor
//! matches and warm-introduction paths, each with its reasons.
