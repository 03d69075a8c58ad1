/** A message is text with `{name}` placeholders, or plural forms chosen by `{count}`. */
export type Message =
  | string
  | { one: string; few?: string; many?: string; two?: string; zero?: string; other: string }
