"""The event taxonomy, read from config/categories.yaml: the one source of categories, their
families, ranks and severity rules.

A category's `family` groups the categories that can describe one story as it develops (an
attempt that turns out to be an assassination); two reports of different families are never
the same event. Its `rank` says how specific or severe it is: when the reports of a story
disagree, the story carries the highest-ranked category. Adding a category to the file (with
rules in config/rules.yaml) needs no code change.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from streams.settings import CONFIG_DIR, ConfigError


class CategoryDef(BaseModel):
    model_config = ConfigDict(extra="forbid")
    description: str = ""
    family: str | None = None  # default: the category is a family of its own
    rank: int = Field(1, ge=1)
    head_of_state_flash: bool = False
    kills_target: bool = False  # an event of this category kills at least one (its target)


class CategoryFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    categories: dict[str, CategoryDef] = Field(min_length=1)


class Taxonomy:
    """Categories in file order, with their families and ranks."""

    def __init__(self, categories: dict[str, CategoryDef]):
        self.categories = categories
        self.order = {c: i for i, c in enumerate(categories)}
        self._family = {c: d.family or c for c, d in categories.items()}
        self._rank = {c: d.rank for c, d in categories.items()}

    @classmethod
    def load(cls, path: Path) -> Taxonomy:
        try:
            data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        except FileNotFoundError as e:
            raise ConfigError(f"{path}: file not found") from e
        except yaml.YAMLError as e:
            raise ConfigError(f"{path}: not valid YAML: {e}") from e
        try:
            return cls(CategoryFile.model_validate(data).categories)
        except ValidationError as e:
            raise ConfigError(f"{path}: {e}") from e

    def __contains__(self, category: object) -> bool:
        return category in self.categories

    def __iter__(self) -> Iterator[str]:
        return iter(self.categories)

    def __len__(self) -> int:
        return len(self.categories)

    def get(self, category: str) -> CategoryDef | None:
        return self.categories.get(category)

    def family(self, category: str | None) -> str | None:
        """The category's family; an unknown category is a family of its own; None for None."""
        if category is None:
            return None
        return self._family.get(category, category)

    def rank(self, category: str | None) -> int:
        """How specific or severe the category is: 0 for none, 1 for an unknown category."""
        if category is None:
            return 0
        return self._rank.get(category, 1)

    @property
    def families(self) -> list[str]:
        return sorted(set(self._family.values()))


@lru_cache(maxsize=8)
def load_taxonomy(path: Path | None = None) -> Taxonomy:
    """The taxonomy of a categories file (default: the shipped config/categories.yaml), cached."""
    return Taxonomy.load(path or CONFIG_DIR / "categories.yaml")
