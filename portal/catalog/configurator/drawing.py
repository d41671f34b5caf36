"""An SVG drawing of a configuration, seen from inside the room (pure).

Opening marks follow the usual window-drawing convention (ГОСТ 23166, ISO 7519): two thin
lines meet at the side the sash hangs on. Turn: from the handle-side corners to the middle of
the hinge side; tilt (hung at the bottom): from the top corners to the middle of the bottom;
tilt-turn: both; fixed glass: no marks. Every text is escaped; colours are used only when
they are strict ``#RRGGBB``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from html import escape

from .configuration import Configuration, plain_number, resolve
from .definition import (
    COLOUR_OUTSIDE,
    GLASS_INSERT,
    OPENING_SIDE,
    SASH_TYPE,
    Definition,
    Kind,
    ParamType,
)

AREA = 360.0  # the product fits into AREA × AREA px
MARGIN = 20.0
DIMENSION_ROOM = 60.0  # space right of and below the product for dimension lines
FRAME_MM = 60.0
SASH_MM = 50.0
DOOR_FRAME_MM = 45.0
GLASS = "#d6ebf7"
INK = "#333333"
DEFAULT_COLOUR = "#ffffff"
HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
FIXED, TURN, TILT, TILT_TURN = "fixed", "turn", "tilt", "tilt_turn"


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float

    def inset(self, by: float, *, bottom: bool = True) -> Box:
        return Box(self.x + by, self.y + by, self.w - 2 * by, self.h - (2 * by if bottom else by))

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h


def draw_svg(definition: Definition, choices: Mapping[str, str]) -> str:
    return drawing_of(resolve(definition, choices))


def drawing_of(configuration: Configuration) -> str:
    definition = configuration.definition
    width_mm = _drawable(float(configuration.width))
    height_mm = _drawable(float(configuration.height))
    scale = AREA / max(width_mm, height_mm)
    outer = Box(MARGIN, MARGIN, width_mm * scale, height_mm * scale)
    colour = _frame_colour(configuration)
    parts: list[str] = []
    if definition.is_door:
        parts += _door(configuration, outer, scale, colour)
    else:
        parts += _window(configuration, outer, scale, colour)
    parts += _dimensions(outer, configuration)
    view_w = outer.right + DIMENSION_ROOM
    view_h = outer.bottom + DIMENSION_ROOM
    title = f"{definition.name}, {plain_number(configuration.width)} × {plain_number(configuration.height)} мм"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="configurator-drawing" '
        f'viewBox="0 0 {view_w:.1f} {view_h:.1f}" role="img" aria-label="{_text(title)}">'
        f"<title>{_text(title)}</title>"
        + "".join(parts)
        + f'<text class="caption" x="{MARGIN:.1f}" y="{view_h - 6:.1f}" font-size="11" '
        f'fill="{INK}">Вид изнутри</text></svg>'
    )


def _window(configuration: Configuration, outer: Box, scale: float, colour: str) -> list[str]:
    frame_px = max(FRAME_MM * scale, 5.0)
    sash_px = max(SASH_MM * scale, 4.0)
    parts = [_rect(outer, colour, "frame")]
    inner = outer.inset(frame_px)
    count = configuration.sash_count
    cell_w = inner.w / count
    for index in range(1, count + 1):
        cell = Box(inner.x + (index - 1) * cell_w, inner.y, cell_w, inner.h)
        parts += _sash(configuration, index, cell, sash_px, colour)
    for index in range(1, count):  # mullions between sashes
        x = inner.x + index * cell_w
        parts.append(_line(x, inner.y, x, inner.bottom, "mullion", width=2.5))
    return parts


def _sash(
    configuration: Configuration, index: int, cell: Box, sash_px: float, colour: str
) -> list[str]:
    sash_type = _sash_type(configuration, index)
    hinge = _opening_side(configuration, index)
    attrs = f'data-sash="{index}" data-type="{_text(sash_type)}"'
    if sash_type == FIXED:
        return [_rect(cell, GLASS, "pane fixed", attrs)]
    parts = [_rect(cell.inset(1.5), colour, "sash", attrs)]
    glass = cell.inset(1.5 + sash_px)
    parts.append(_rect(glass, GLASS, "pane"))
    if configuration.definition.kind == Kind.BALCONY_DOOR:
        panel = Box(glass.x, glass.y + glass.h * 0.6, glass.w, glass.h * 0.4)
        parts.append(_rect(panel, "#f4f4f4", "panel"))
    parts += _marks(glass, sash_type, hinge)
    parts.append(_handle(cell, sash_type, hinge, sash_px))
    return parts


def _marks(glass: Box, sash_type: str, hinge: str) -> list[str]:
    marks = []
    if sash_type in (TURN, TILT_TURN):
        hinge_x = glass.x if hinge == "left" else glass.right
        handle_x = glass.right if hinge == "left" else glass.x
        middle_y = glass.y + glass.h / 2
        marks.append(_line(handle_x, glass.y, hinge_x, middle_y, "mark mark-turn"))
        marks.append(_line(handle_x, glass.bottom, hinge_x, middle_y, "mark mark-turn"))
    if sash_type in (TILT, TILT_TURN):
        middle_x = glass.x + glass.w / 2
        marks.append(_line(glass.x, glass.y, middle_x, glass.bottom, "mark mark-tilt"))
        marks.append(_line(glass.right, glass.y, middle_x, glass.bottom, "mark mark-tilt"))
    return marks


def _handle(cell: Box, sash_type: str, hinge: str, sash_px: float) -> str:
    """On the side opposite the hinges, at mid-height; at the top for a tilt-only sash."""
    size = max(sash_px * 0.5, 3.0)
    length = max(cell.h * 0.08, 8.0)
    if sash_type == TILT:
        x, y = cell.x + cell.w / 2 - length / 2, cell.y + 1.5 + (sash_px - size) / 2
        return _rect(Box(x, y, length, size), INK, "handle")
    edge = cell.right - 1.5 - sash_px / 2 if hinge == "left" else cell.x + 1.5 + sash_px / 2
    return _rect(
        Box(edge - size / 2, cell.y + cell.h / 2 - length / 2, size, length), INK, "handle"
    )


def _door(configuration: Configuration, outer: Box, scale: float, colour: str) -> list[str]:
    frame_px = max(DOOR_FRAME_MM * scale, 4.0)
    hinge = _opening_side(configuration, None)
    leaf = outer.inset(frame_px, bottom=False)
    parts = [
        _rect(outer, colour, "frame"),
        _rect(leaf, colour, "leaf", f'data-hinge="{_text(hinge)}"'),
    ]
    insert = configuration.value(GLASS_INSERT)
    if insert not in (None, False, "", "none"):
        parts.append(
            _rect(
                Box(leaf.x + leaf.w * 0.2, leaf.y + leaf.h * 0.1, leaf.w * 0.6, leaf.h * 0.45),
                GLASS,
                "glass-insert",
            )
        )
    parts += _marks(leaf, TURN, hinge)
    handle_y = leaf.bottom - 1000 * scale  # a door handle sits about a metre above the floor
    handle_x = leaf.right - leaf.w * 0.08 if hinge == "left" else leaf.x + leaf.w * 0.08
    lever = leaf.w * 0.12 * (-1 if hinge == "left" else 1)
    parts.append(
        f'<g class="handle"><circle cx="{handle_x:.1f}" cy="{handle_y:.1f}" r="3" fill="{INK}"/>'
        + _line(handle_x, handle_y, handle_x + lever, handle_y, "handle-lever", width=3)
        + "</g>"
    )
    return parts


def _dimensions(outer: Box, configuration: Configuration) -> list[str]:
    """Dimension lines with slanted ticks, as on a construction drawing."""
    y = outer.bottom + 28
    x = outer.right + 28
    tick = 5
    parts = [
        _line(outer.x, outer.bottom + 4, outer.x, y + 6, "extension"),
        _line(outer.right, outer.bottom + 4, outer.right, y + 6, "extension"),
        _line(outer.x - 6, y, outer.right + 6, y, "dimension dimension-width"),
        _line(outer.x - tick, y + tick, outer.x + tick, y - tick, "tick"),
        _line(outer.right - tick, y + tick, outer.right + tick, y - tick, "tick"),
        f'<text class="dimension-text" x="{outer.x + outer.w / 2:.1f}" y="{y - 5:.1f}" '
        f'text-anchor="middle" font-size="13" fill="{INK}">{_text(plain_number(configuration.width))}</text>',
        _line(outer.right + 4, outer.y, x + 6, outer.y, "extension"),
        _line(outer.right + 4, outer.bottom, x + 6, outer.bottom, "extension"),
        _line(x, outer.y - 6, x, outer.bottom + 6, "dimension dimension-height"),
        _line(x - tick, outer.y + tick, x + tick, outer.y - tick, "tick"),
        _line(x - tick, outer.bottom + tick, x + tick, outer.bottom - tick, "tick"),
    ]
    middle = outer.y + outer.h / 2
    parts.append(
        f'<text class="dimension-text" x="{x + 16:.1f}" y="{middle:.1f}" text-anchor="middle" '
        f'font-size="13" fill="{INK}" transform="rotate(-90 {x + 16:.1f} {middle:.1f})">'
        f"{_text(plain_number(configuration.height))}</text>"
    )
    return parts


def _sash_type(configuration: Configuration, index: int) -> str:
    value = configuration.value(f"{SASH_TYPE}_{index}") or configuration.value(SASH_TYPE)
    return str(value) if value in (FIXED, TURN, TILT, TILT_TURN) else TURN


def _opening_side(configuration: Configuration, index: int | None) -> str:
    value = None
    if index is not None:
        value = configuration.value(f"{OPENING_SIDE}_{index}")
    value = value or configuration.value(OPENING_SIDE)
    return "right" if value == "right" else "left"


def _frame_colour(configuration: Configuration) -> str:
    """The outside colour; failing that, the first chosen option that has a swatch."""
    fields = sorted(configuration.fields, key=lambda f: f.parameter.code != COLOUR_OUTSIDE)
    for field in fields:
        if field.parameter.type != ParamType.CHOICE:
            continue
        option = field.parameter.option(str(field.value))
        if option is not None and HEX_COLOUR.fullmatch(option.swatch or ""):
            return option.swatch
    return DEFAULT_COLOUR


def _drawable(mm: float) -> float:
    """Sizes outside any sane range are drawn clamped; the violations say what is wrong."""
    return min(max(mm, 100.0), 10000.0)


def _text(value: str) -> str:
    return escape(str(value), quote=True)


def _rect(box: Box, fill: str, css_class: str, attrs: str = "") -> str:
    extra = f" {attrs}" if attrs else ""
    return (
        f'<rect class="{css_class}" x="{box.x:.1f}" y="{box.y:.1f}" width="{max(box.w, 0):.1f}" '
        f'height="{max(box.h, 0):.1f}" fill="{fill}" stroke="{INK}" stroke-width="1"{extra}/>'
    )


def _line(x1: float, y1: float, x2: float, y2: float, css_class: str, width: float = 1) -> str:
    return (
        f'<line class="{css_class}" x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
        f'stroke="{INK}" stroke-width="{width}"/>'
    )
