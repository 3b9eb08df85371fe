"""Status workflows shared by the modules whose records move through statuses (service requests
today; complaints, information requests and objections next). See `transitions`."""
