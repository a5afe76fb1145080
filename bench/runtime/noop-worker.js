// The runtime's own ceiling: answers without routing, validation, crypto or bindings.
export default {
  fetch() {
    return new Response('ok');
  },
};
