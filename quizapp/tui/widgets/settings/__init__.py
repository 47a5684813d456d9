"""The widgets of the Settings screen: one field per setting, the optimizer panel, the memory replay."""
