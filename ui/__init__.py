"""ShopSentry GUI: widgets, Qt models, dialogs and the tray. Talks to the core only via app.services."""
