// Messages for the plans area.
export default {
  'plans.placeholder': '',
}
