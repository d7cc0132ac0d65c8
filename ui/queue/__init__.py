"""The clerk's queue (办件队列): a lazy table model, its data source and the widget."""
