// Control requests that change dynos (`restart`, `stop`, `resume`, `scale`) take turns by
// process type: a request starts once every earlier request touching one of its types is
// done. So two `dynorun restart web` given at once restart web twice, one after the other,
// as two `heroku ps:restart web` do, instead of two rolling restarts stopping both web
// dynos at the same moment; requests on other types run side by side.
//
// A request takes its place behind each of its types the moment it arrives, so it only
// ever waits for requests that arrived before it: the turns cannot deadlock.

interface Turn {
  /** The request, as `dynorun` was asked: `restart web`. */
  what: string;
  done: Promise<void>;
}

export class RequestQueue {
  private readonly last = new Map<string, Turn>();

  /**
   * Runs `work` once the earlier requests on any of `types` are done; calls `onWait` first
   * with what it waits for, when it has to wait.
   */
  async run<T>(
    types: string[],
    what: string,
    work: () => Promise<T>,
    onWait: (ahead: string[]) => void,
  ): Promise<T> {
    const ahead = [...new Set(types.flatMap((type) => this.last.get(type) ?? []))];
    let finish = () => {};
    const turn: Turn = { what, done: new Promise((resolve) => (finish = resolve)) };
    for (const type of types) this.last.set(type, turn);

    try {
      if (ahead.length > 0) {
        onWait(ahead.map((earlier) => earlier.what));
        await Promise.all(ahead.map((earlier) => earlier.done));
      }
      return await work();
    } finally {
      finish();
      for (const type of types) if (this.last.get(type) === turn) this.last.delete(type);
    }
  }
}
