// Sign icons as SVG path data in a 24 x 24 box, filled with the even-odd
// rule (inner shapes are holes). One drawing serves the 3D signs (a canvas
// Path2D) and the 2D plan (an SVG path), so both show the same symbol. The
// names are the ones the server accepts for "icon" (IsIcon in
// src/world/space_furniture.cpp); icons.test.ts checks every icon the
// shipped spaces use has a drawing here. Pure data.

export const kIconPaths: Record<string, string> = {
  heart: 'M12 21C12 21 2.5 15 2.5 8.5A4.8 4.8 0 0 1 12 6.2A4.8 4.8 0 0 1 21.5 8.5C21.5 15 12 21 12 21Z',
  hand: 'M7 22V14L3.6 10.6L5.2 9L8 11.4V4.3A1.3 1.3 0 0 1 10.6 4.3V10.5H11.2V3A1.3 1.3 0 0 1 13.8 3V10.5H14.4V4.3A1.3 1.3 0 0 1 17 4.3V11H17.6V7A1.3 1.3 0 0 1 20.2 7V15C20.2 19 17.5 22 14 22Z',
  drop: 'M12 2C9.5 6.5 5 10.5 5 15A7 7 0 0 0 19 15C19 10.5 14.5 6.5 12 2Z',
  mind: 'M9 22V18.5H6.5A2 2 0 0 1 4.5 16.5V13.5L2.5 12.8L4.6 8.6A7.5 7.5 0 0 1 19.5 9.5C19.5 12.2 18.5 13.8 17 15.2V22Z M10.5 7A2.5 2.5 0 1 0 10.5 12A2.5 2.5 0 1 0 10.5 7Z',
  walk: 'M13.5 1.8A2.1 2.1 0 1 1 13.5 6A2.1 2.1 0 1 1 13.5 1.8Z M10 7.5H14.5L17.5 11.5L16 12.7L13.4 10.2V14.2L16.6 17.8V22.5H14.6V18.6L11.6 15.6L10.2 22.5H8L10.3 11.2L8.4 12.8V16H6.4V11.8Z',
  book: 'M2.5 5C5.5 3.5 8.5 3.6 11.2 5.6V20.6C8.5 18.8 5.5 18.7 2.5 20Z M12.8 5.6C15.5 3.6 18.5 3.5 21.5 5V20C18.5 18.7 15.5 18.8 12.8 20.6Z',
  people: 'M8 3.5A3 3 0 1 1 8 9.5A3 3 0 1 1 8 3.5Z M16.5 4.5A2.7 2.7 0 1 1 16.5 9.9A2.7 2.7 0 1 1 16.5 4.5Z M1.5 20.5V17.5A5 5 0 0 1 11.5 15.5A5 5 0 0 1 14.5 15.5V20.5Z M15.7 20.5V15.2A4.8 4.8 0 0 1 22.5 17V20.5Z',
  info: 'M12 1.8A10.2 10.2 0 1 1 12 22.2A10.2 10.2 0 1 1 12 1.8Z M10.6 10H13.4V18H10.6Z M10.6 5.6H13.4V8.3H10.6Z',
  exit: 'M2.5 10.8H14.2L10.4 7L12.1 5.3L18.8 12L12.1 18.7L10.4 17L14.2 13.2H2.5Z M19.5 3H22V21H19.5Z',
  body: 'M12 1.5A2.6 2.6 0 1 1 12 6.7A2.6 2.6 0 1 1 12 1.5Z M5 7.8H19V10.2H14.6V22.5H12.6V16H11.4V22.5H9.4V10.2H5Z',
  lab: 'M8.5 2H15.5V4H14.3V9.2L20.3 19.2A2 2 0 0 1 18.6 22.2H5.4A2 2 0 0 1 3.7 19.2L9.7 9.2V4H8.5Z M8 15.5L6 19.2H18L16 15.5Z',
  leaf: 'M4 20C3.5 10.5 10 3.5 21 3C20.5 13.5 14 20 4 20Z M5.5 19.6L14 11L13 10L4.6 18.7Z',
  staff: 'M9 2.5H15V9H21.5V15H15V21.5H9V15H2.5V9H9Z',
  screen: 'M1.5 3.5H22.5V17H1.5Z M3.5 5.5V15H20.5V5.5Z M7.5 19H16.5V21H7.5Z',
};

export function hasIcon(name: string): boolean {
  return Object.prototype.hasOwnProperty.call(kIconPaths, name);
}
