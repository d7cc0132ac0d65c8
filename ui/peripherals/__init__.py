"""Peripherals of a service hall: rating pad (评价器), queue calling (叫号), document
camera (高拍仪) and signature pad (签名板). ID card readers live in :mod:`ui.readers`.

Each device has an interface, a simulator for the demo and the tests, and an integration
point for vendors (docs/peripherals.md). A failing device never blocks intake: every
step can be done by hand.
"""
