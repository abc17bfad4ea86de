// Ready-made automations: each fills the builder with a trigger, its wait and an email in the
// trigger's own fields, for the owner to read, adjust and save. Pure.

import { type Draft, EMPTY_DRAFT } from "./automations";

export interface Recipe {
  id: string;
  title: string;
  description: string;
  /** The event type it starts from: offered only when the site's catalogue has it. */
  eventType: string;
  draft: () => Draft;
}

export const RECIPES: readonly Recipe[] = [
  {
    id: "thank-form-sender",
    title: "Thank a form sender",
    description: "Email whoever sends a form, right after they send it.",
    eventType: "wixForms_onFormSubmit",
    draft: () => ({
      ...EMPTY_DRAFT,
      name: "Thank form senders",
      eventType: "wixForms_onFormSubmit",
      rules: [{ field: "entity.submissionData.email", operator: "IS_SET", value: "" }],
      actions: [
        {
          type: "SEND_EMAIL",
          to: "{{event.entity.submissionData.email}}",
          subject: "Thanks for getting in touch",
          body: "Hi {{event.entity.submissionData.name}},\n\nThank you for your message. We read every one and will get back to you within a day.",
        },
      ],
    }),
  },
  {
    id: "booking-reminder",
    title: "Remind of a booking",
    description: "Email the client 24 hours before their booking starts.",
    eventType: "wixBookings_onBookingConfirmed",
    draft: () => ({
      ...EMPTY_DRAFT,
      name: "Booking reminder, a day before",
      eventType: "wixBookings_onBookingConfirmed",
      delay: { mode: "BEFORE", amount: 24, unit: "HOURS", field: "booking.startDate" },
      actions: [
        {
          type: "SEND_EMAIL",
          to: "{{event.booking.contactDetails.email}}",
          subject: "See you tomorrow: {{event.booking.bookedEntity.title}}",
          body: "Hi {{event.booking.contactDetails.firstName}},\n\nA reminder that your booking of {{event.booking.bookedEntity.title}} starts at {{event.booking.startDate}}.\n\nNeed to change it? Just reply to this email.",
        },
      ],
    }),
  },
  {
    id: "abandoned-cart",
    title: "Follow up an abandoned cart",
    description: "Email a shopper who left their checkout, an hour after it was abandoned.",
    eventType: "wixEcom_onAbandonedCheckoutCreated",
    draft: () => ({
      ...EMPTY_DRAFT,
      name: "Abandoned cart follow-up",
      eventType: "wixEcom_onAbandonedCheckoutCreated",
      rules: [{ field: "entity.buyerInfo.email", operator: "IS_SET", value: "" }],
      delay: { mode: "WAIT", amount: 1, unit: "HOURS", field: "" },
      actions: [
        {
          type: "SEND_EMAIL",
          to: "{{event.entity.buyerInfo.email}}",
          subject: "You left something in your cart",
          body: "Hello,\n\nYour cart of {{event.entity.totalPrice.formattedAmount}} is still waiting for you. Come back to finish your order whenever you like.",
        },
      ],
    }),
  },
  {
    id: "welcome-member",
    title: "Welcome a new member",
    description: "Email each member who signs up, the moment they join.",
    eventType: "wixMembers_onMemberCreated",
    draft: () => ({
      ...EMPTY_DRAFT,
      name: "Welcome new members",
      eventType: "wixMembers_onMemberCreated",
      actions: [
        {
          type: "SEND_EMAIL",
          to: "{{event.entity.loginEmail}}",
          subject: "Welcome aboard, {{event.entity.profile.nickname}}",
          body: "Hi {{event.entity.profile.nickname}},\n\nThanks for joining us. Your account is ready: log in any time to see what is new.",
        },
      ],
    }),
  },
];
