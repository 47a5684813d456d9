"""The widgets of the Browse screen: search box, card table, card preview."""
