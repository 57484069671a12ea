// The live event stream (GET /api/v1/events, Server-Sent Events, docs/api.md "Events").
// EventSource sends the session cookie and reconnects by itself (the server says
// "retry: 3000"). After a reconnect, or when the server reports that this console fell
// behind ("dropped"), events were missed: onResync asks the page to re-read the state.

const TYPES = ['participant', 'participant_left', 'audio_levels', 'floor', 'stats', 'room', 'meeting'];

export class LiveEvents {
  // handlers: {participant(data), floor(data), ..., resync(), connection(ok)}
  constructor(room, handlers) {
    this.handlers = handlers;
    this.opened = false;
    this.source = new EventSource(`/api/v1/events?room=${encodeURIComponent(room)}`);
    for (const type of TYPES) {
      this.source.addEventListener(type, (e) => this.dispatch(type, e.data));
    }
    this.source.addEventListener('dropped', () => handlers.resync?.());
    this.source.addEventListener('open', () => {
      handlers.connection?.(true);
      if (this.opened) handlers.resync?.();  // a reconnect: whatever happened meanwhile is lost
      this.opened = true;
    });
    this.source.addEventListener('error', () => handlers.connection?.(false));
  }

  dispatch(type, text) {
    let data;
    try {
      data = JSON.parse(text);
    } catch {
      return;  // a malformed event is ignored, never fatal to the board
    }
    this.handlers[type]?.(data);
  }

  close() { this.source.close(); }
}
