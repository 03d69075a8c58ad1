// Messages for the reporting area.
export default {
  'reporting.placeholder': '',
}
