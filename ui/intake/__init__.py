"""Keyboard-only intake (收件): the wizard from service item to printed notice."""
