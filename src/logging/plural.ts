// A count with its noun, the noun in the plural unless the count is 1: "1 restart",
// "2 restarts", "1 process", "3 processes".
export function plural(count: number, noun: string, nouns = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : nouns}`;
}
