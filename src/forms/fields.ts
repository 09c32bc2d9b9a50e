import type { ContactDetails, SafeToContact } from '../domain/answers.ts';
import type { Council } from '../domain/council.ts';
import type { CheckboxesField, Option, RadiosField, TextField } from './field-spec.ts';
import type { PageValues } from './page-schema.ts';

/**
 * Field builders shared by the journeys, carrying GOV.UK wording and messages, so asking for a
 * name, contact details or whether contact is safe reads the same everywhere. `forChild` picks
 * the plainer wording written for children and young people.
 */

/** Yes and No, in that order. */
export const yesNoOptions: Option[] = [
  { value: 'yes', label: 'Yes' },
  { value: 'no', label: 'No' },
];

/** "What is your name?", asked as the page's own question. */
export function createFullNameField(options: { hint: string; required: string; isPageHeading?: boolean }): TextField {
  return {
    kind: 'text',
    name: 'fullName',
    label: 'What is your name?',
    errorName: 'Your name',
    isPageHeading: options.isPageHeading ?? true,
    hint: options.hint,
    required: options.required,
    maxLength: 100,
    autocomplete: 'name',
    spellcheck: false,
  };
}

/** "How can we contact you?": email, phone and post, each revealing its own boxes. */
export function createContactMethodsField(forChild: boolean): CheckboxesField {
  return {
    kind: 'checkboxes',
    name: 'contactMethods',
    label: 'How can we contact you?',
    isPageHeading: true,
    hint: forChild ? 'Choose at least one. Only choose ways that are safe for you.' : 'Select at least one',
    required: forChild ? 'Choose at least one way we can contact you' : 'Select at least one way we can contact you',
    options: [
      {
        value: 'email',
        label: 'Email',
        conditional: [{ kind: 'text', name: 'email', label: 'Email address', inputType: 'email', autocomplete: 'email', spellcheck: false, required: 'Enter your email address', format: 'email', maxLength: 254, widthClass: 'govuk-!-width-two-thirds' }],
      },
      {
        value: 'phone',
        label: 'Phone',
        conditional: [{ kind: 'text', name: 'phone', label: 'Phone number', inputType: 'tel', autocomplete: 'tel', required: 'Enter your phone number', format: 'phone', maxLength: 20, widthClass: 'govuk-input--width-20' }],
      },
      {
        value: 'post',
        label: 'Post',
        conditional: [
          { kind: 'text', name: 'addressLine1', label: 'Address line 1', autocomplete: 'address-line1', required: 'Enter address line 1, typically the building and street', maxLength: 100 },
          { kind: 'text', name: 'addressLine2', label: 'Address line 2 (optional)', errorName: 'Address line 2', autocomplete: 'address-line2', maxLength: 100 },
          { kind: 'text', name: 'addressTown', label: 'Town or city', autocomplete: 'address-level2', required: 'Enter town or city', maxLength: 60, widthClass: 'govuk-!-width-two-thirds' },
          { kind: 'text', name: 'addressPostcode', label: 'Postcode', autocomplete: 'postal-code', required: 'Enter postcode', format: 'postcode', maxLength: 10, widthClass: 'govuk-input--width-10' },
        ],
      },
    ],
  };
}

/** "Is it safe for us to contact you these ways?", with when or how it is safe revealed. */
export function createSafeToContactField(forChild: boolean): RadiosField {
  return {
    kind: 'radios',
    name: 'safeToContact',
    label: 'Is it safe for us to contact you these ways?',
    isPageHeading: true,
    hint: forChild
      ? 'For example, if someone else reads your messages or post. It is OK to say no.'
      : 'For example, someone else may read your post or messages, or share your phone.',
    required: 'Select whether it is safe for us to contact you these ways',
    options: [
      { value: 'yes', label: 'Yes' },
      {
        value: 'with_care',
        label: 'Yes, but only at certain times or in certain ways',
        conditional: [{ kind: 'textarea', name: 'safeWhen', label: 'Tell us when or how it is safe', hint: 'For example, do not leave a voicemail, or only call after 4pm', required: 'Tell us when or how it is safe to contact you', maxLength: 500, rows: 3 }],
      },
      {
        value: 'no',
        label: 'No',
        conditional: [
          {
            kind: 'textarea',
            name: 'safeHow',
            label: 'Tell us a safe way to contact you',
            hint: forChild ? 'For example, through your advocate, social worker or a teacher' : 'For example, through a friend or another phone number',
            required: 'Tell us a safe way to contact you',
            maxLength: 500,
            rows: 3,
          },
        ],
      },
    ],
  };
}

/** Which council looks after a child: this one, another (named if known), or not sure. */
export function createCouncilOptions(council: Council, forChild: boolean, prefix: string): Option[] {
  return [
    { value: 'this', label: council.name },
    {
      value: 'another',
      label: 'Another council',
      conditional: [
        {
          kind: 'text',
          name: `${prefix}OtherCouncil`,
          label: 'Which council?',
          errorName: 'The name of the council',
          hint: forChild ? 'If you know' : 'If you know it',
          maxLength: 100,
          autocomplete: 'off',
        },
      ],
    },
    { value: 'not_sure', label: forChild ? "I don't know" : 'I do not know' },
  ];
}

/** "Do you want us to email you to say we have got your …?", asked on check answers. */
export function createAcknowledgementField(what: string, email: string): RadiosField {
  return {
    kind: 'radios',
    name: 'wantsAcknowledgement',
    label: `Do you want us to email you to say we have got your ${what}?`,
    hint: `We will send the reference number and dates to ${email}. We will not include what you told us.`,
    required: 'Select yes if you want a confirmation email',
    options: yesNoOptions,
    inline: true,
  };
}

/** "Before you send this: is anyone at risk of harm?", asked again on check answers. */
export function createRiskAtCheckField(forChild: boolean, adultHint: string): RadiosField {
  return {
    kind: 'radios',
    name: 'worriedAtCheck',
    label: 'Before you send this: is anyone at risk of harm?',
    hint: forChild ? 'This means someone might get hurt, or is not safe.' : adultHint,
    required: 'Select yes if anyone is at risk of harm',
    options: yesNoOptions,
    inline: true,
  };
}

const text = (values: PageValues | undefined, name: string): string | undefined => {
  const v = values?.[name];
  return typeof v === 'string' && v !== '' ? v : undefined;
};

/** Whether the contact answers give an email address and say contact is safe without care. */
export function canAcknowledgeByEmail(contact: PageValues | undefined, safe: PageValues | undefined): boolean {
  const methods = contact?.['contactMethods'];
  return Array.isArray(methods) && methods.includes('email') && text(contact, 'email') !== undefined && text(safe, 'safeToContact') === 'yes';
}

/**
 * Contact details from the answers to the contact and safe-contact pages. Only the methods ticked
 * count, whatever else was posted; the postcode is stored in capitals.
 */
export function toContactDetails(input: { name: string; contact: PageValues | undefined; safe: PageValues | undefined; wantsAcknowledgement: boolean }): ContactDetails {
  const { contact, safe } = input;
  const methods = Array.isArray(contact?.['contactMethods']) ? (contact['contactMethods'] as string[]) : [];
  const safeToContact = (text(safe, 'safeToContact') ?? 'no') as SafeToContact;
  const email = methods.includes('email') ? text(contact, 'email') : undefined;
  const phone = methods.includes('phone') ? text(contact, 'phone') : undefined;
  const address = methods.includes('post')
    ? [text(contact, 'addressLine1'), text(contact, 'addressLine2'), text(contact, 'addressTown'), text(contact, 'addressPostcode')?.toUpperCase()].filter((l): l is string => Boolean(l))
    : undefined;
  const safeDetails = safeToContact === 'with_care' ? text(safe, 'safeWhen') : safeToContact === 'no' ? text(safe, 'safeHow') : undefined;
  return {
    name: input.name,
    ...(email ? { email } : {}),
    ...(phone ? { phone } : {}),
    ...(address?.length ? { address } : {}),
    safeToContact,
    ...(safeDetails ? { safeContactDetails: safeDetails } : {}),
    communicationNeeds: [],
    wantsAcknowledgement: input.wantsAcknowledgement,
  };
}
