"""Schema upgrade on opening: the "正在升级数据库，请勿关闭…" page and its progress feed."""

from ui.upgrade.page import UpgradePage

__all__ = ["UpgradePage"]
